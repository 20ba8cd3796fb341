import CPDTestSupport
import Foundation
import Testing

/// Forged offline bundles, through the built binary: every single field of a real bundle edited
/// in turn, the revocation cut out, and the issuer left unpinned. None may verify as valid.
@Suite(.serialized) struct BundleAttackTests {
    /// One issued example with a revoked, a corrected (so superseded) and a plain valid certificate,
    /// a checkpoint over all of it, and a bundle of each.
    final class Setup: Sendable {
        let folder: URL
        /// Bundle file and its PDF, by label.
        let bundles: [String: (bundle: URL, pdf: URL)]
        var publicKey: String { folder.appendingPathComponent("keys/log.pub").path }

        init() throws {
            folder = try ExternalTool.temporaryDirectory("bundle-attacks")
            let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
            let out = folder.appendingPathComponent("out")
            try Self.expectSuccess(Self.run(["keys", "init", "--name", "policyforesight.example.org/cpdcert"], folder))
            _ = try Self.run(
                [
                    "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
                    example.appendingPathComponent("attendance.csv").path, "--out", out.path,
                ], folder)
            let manifest = try String(contentsOf: out.appendingPathComponent("manifest.csv"), encoding: .utf8)
            func id(_ name: String) throws -> String {
                let line = try #require(manifest.split(separator: "\r\n").first { $0.contains(name) })
                return String(line.split(separator: ",")[2])
            }
            let valid = try id("Zoë Brontë-Łukasiewicz")
            let revoked = try id("Oliver Bennett")
            let superseded = try id("Siân Llywelyn")
            try Self.expectSuccess(
                Self.run(["revoke", revoked, "--reason", "attendance-disputed", "--note", "left at 11:00", "--operator", "qa"], folder))
            let corrected = try Self.run(
                ["correct", superseded, "--name", "Siân Llywelyn-Hughes", "--reason", "surname", "--out", out.path], folder)
            try Self.expectSuccess(corrected)
            // "Issued <new ID>, superseding <old ID>. ..."
            let correction = try #require(corrected.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            try Self.expectSuccess(Self.run(["log", "checkpoint"], folder))
            var bundles: [String: (URL, URL)] = [:]
            for (label, certificate) in [("valid", valid), ("revoked", revoked), ("superseded", superseded), ("correction", correction)] {
                let file = folder.appendingPathComponent("\(label).bundle.json")
                try Self.expectSuccess(Self.run(["bundle", certificate, "--out", file.path], folder))
                bundles[label] = (file, out.appendingPathComponent("\(certificate).pdf"))
            }
            self.bundles = bundles
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        static func run(_ arguments: [String], _ folder: URL) throws -> ExternalTool.Result {
            try CorrectionsEndToEndTests().cpdcert(arguments, folder)
        }

        static func expectSuccess(_ result: ExternalTool.Result) throws {
            try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
        }

        /// `verify-bundle` on `json` (written to a file of its own), pinned and with the PDF unless told otherwise.
        func verify(_ json: Any, label: String, pinned: Bool = true, pdf: Bool = true) throws -> ExternalTool.Result {
            let file = folder.appendingPathComponent("attack-\(label).json")
            try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .prettyPrinted]).write(to: file)
            return try Self.run(
                ["verify-bundle", file.path] + (pdf ? ["--pdf", bundles[label]!.pdf.path] : []) + (pinned ? ["--key", publicKey] : []),
                folder)
        }

        func json(_ label: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: bundles[label]!.bundle)) as? [String: Any])
        }
    }

    nonisolated(unsafe) static var shared: Setup?
    static func setup() throws -> Setup {
        if let shared { return shared }
        let made = try Setup()
        shared = made
        return made
    }

    /// A step into a JSON value: an object's key or an array's index.
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// Every leaf of `value` (string, number, null) with its path, found generically so that a
    /// field added to the bundle later is attacked too.
    static func leaves(_ value: Any, _ path: [Step] = []) -> [([Step], Any)] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap { leaves(object[$0]!, path + [.key($0)]) }
        }
        if let array = value as? [Any] {
            return array.indices.flatMap { leaves(array[$0], path + [.index($0)]) }
        }
        return [(path, value)]
    }

    static func replacing(_ value: Any, at path: ArraySlice<Step>, with new: Any) -> Any {
        guard let step = path.first else { return new }
        switch step {
        case .key(let key):
            var object = value as! [String: Any]
            object[key] = replacing(object[key]!, at: path.dropFirst(), with: new)
            return object
        case .index(let index):
            var array = value as! [Any]
            array[index] = replacing(array[index], at: path.dropFirst(), with: new)
            return array
        }
    }

    /// Edits that change a leaf's value: a character added, the first character swapped for
    /// another of its kind (a hash stays hex, a date stays a date), a number moved by one, a
    /// null given a value.
    static func edits(_ value: Any) -> [(String, Any)] {
        switch value {
        case let text as String:
            guard let first = text.first else { return [("filled", "x")] }
            let swapped: Character =
                first.isNumber ? (first == "1" ? "2" : "1") : first.isUppercase ? (first == "B" ? "C" : "B") : (first == "b" ? "c" : "b")
            return [("appended", text + "x"), ("first character changed", String(swapped) + text.dropFirst())]
        case let number as NSNumber: return [("plus one", number.intValue + 1), ("minus one", number.intValue - 1)]
        default: return [("filled", "x")]
        }
    }

    static let labels = ["valid", "revoked", "superseded", "correction"]

    @Test(arguments: labels) func eachBundleVerifiesUntouched(label: String) throws {
        let setup = try Self.setup()
        let result = try setup.verify(try setup.json(label), label: label)
        #expect(result.status == (label == "valid" || label == "correction" ? 0 : 2), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("The PDF is exactly the certificate as issued."))
        #expect(result.stdout.contains("signed by policyforesight.example.org/cpdcert at log size"), "\(result.stdout)")
    }

    @Test(arguments: labels) func everySingleFieldEditFails(label: String) throws {
        let setup = try Self.setup()
        let original = try setup.json(label)
        var attacked = 0
        for (path, value) in Self.leaves(original) {
            let name = path.map(\.description).joined().dropFirst()
            for (edit, new) in Self.edits(value) {
                let result = try setup.verify(Self.replacing(original, at: path[...], with: new), label: label)
                attacked += 1
                #expect(result.status == 65, "\(label) \(name) \(edit): exit \(result.status)\n\(result.stdout)\(result.stderr)")
                #expect(
                    result.stderr.contains("NOT VERIFIED") || result.stderr.contains("not a cpdcert bundle"),
                    "\(label) \(name) \(edit): \(result.stderr)")
                // A field of the record is named in the message, as the bundle spells it or as its Swift property.
                if case .key("certificate") = path[0], let key = path.last(where: { if case .key = $0 { true } else { false } }),
                    case .key(let field) = key
                {
                    let camel = field.split(separator: "_").enumerated().map { $0 == 0 ? String($1) : $1.capitalized }.joined()
                    #expect(
                        result.stderr.contains(field) || result.stderr.contains(camel),
                        "\(label) \(name) \(edit): the message does not name \(field): \(result.stderr)")
                }
            }
        }
        #expect(attacked > 80, "only \(attacked) edits were made")
    }

    /// The revoked and the superseded bundle with their status change cut out, step by step, as far as a forger can go.
    @Test(arguments: ["revoked", "superseded"]) func aRemovedStatusChangeIsNeverValid(label: String) throws {
        let setup = try Self.setup()
        var bundle = try setup.json(label)
        var proof = try #require(bundle["proof"] as? [String: Any])
        var entries = try #require(proof["entries"] as? [[String: Any]])
        // The issue, the credential signed with it, and the status change, in log order.
        try #require(entries.count == 3)
        entries.removeLast()
        proof["entries"] = entries
        bundle["proof"] = proof
        let cut = try setup.verify(bundle, label: label)
        #expect(cut.status == 65, "\(cut.stdout)\(cut.stderr)")
        #expect(cut.stderr.contains("status_change"), "\(cut.stderr)")

        var record = try #require(bundle["certificate"] as? [String: Any])
        record["status"] = "valid"
        record["status_change"] = NSNull()
        bundle["certificate"] = record
        let relabelled = try setup.verify(bundle, label: label)
        #expect(relabelled.status == 65, "\(relabelled.stdout)\(relabelled.stderr)")
        #expect(relabelled.stderr.contains("status 'valid' (logged '\(label)')"), "\(relabelled.stderr)")

        // Another certificate's signed statement of "valid" does not stand in for this one's.
        let borrowed = try setup.json("valid")["status_statement"]
        bundle["status_statement"] = borrowed
        let transplanted = try setup.verify(bundle, label: label)
        #expect(transplanted.status == 65, "\(transplanted.stdout)\(transplanted.stderr)")
        #expect(transplanted.stderr.contains("the status statement is about"), "\(transplanted.stderr)")

        // Without any statement the status is not proven: never plain "valid", never exit 0.
        bundle.removeValue(forKey: "status_statement")
        let unproven = try setup.verify(bundle, label: label)
        #expect(unproven.status == 4, "\(unproven.stdout)\(unproven.stderr)")
        #expect(unproven.stdout.contains("Status: valid as of issue; current status not proven offline"), "\(unproven.stdout)")
        #expect(!unproven.stdout.contains("Status: valid\n"))
    }

    /// A member the format does not have is covered by no check, so it must not ride along.
    @Test(arguments: [["certificate", "attendee", "honours"], ["certificate", "accredited_by"], ["note"]])
    func anAddedMemberFails(path: [String]) throws {
        let setup = try Self.setup()
        let bundle = Self.replacing(try setup.json("valid"), adding: path[...], value: "Fellow of the Royal Society")
        let result = try setup.verify(bundle, label: "valid")
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("members outside its format: \(path.joined(separator: "."))"), "\(result.stderr)")
    }

    static func replacing(_ value: Any, adding path: ArraySlice<String>, value new: Any) -> Any {
        guard let key = path.first else { return new }
        var object = value as! [String: Any]
        object[key] = replacing(object[key] ?? [String: Any](), adding: path.dropFirst(), value: new)
        return object
    }

    @Test func aBundleWithoutItsStatementIsValidOnlyAsOfIssue() throws {
        let setup = try Self.setup()
        var bundle = try setup.json("valid")
        bundle.removeValue(forKey: "status_statement")
        let result = try setup.verify(bundle, label: "valid")
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("valid as of issue; current status not proven offline"))
    }

    @Test(arguments: labels) func withoutAPinnedKeyTheFirstLineSaysTheIssuerIsNotAuthenticated(label: String) throws {
        let setup = try Self.setup()
        let result = try setup.verify(try setup.json(label), label: label, pinned: false)
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        let first = try #require(result.stdout.split(separator: "\n").first)
        #expect(first.hasPrefix("ISSUER NOT AUTHENTICATED:"), "\(result.stdout)")
    }
}
