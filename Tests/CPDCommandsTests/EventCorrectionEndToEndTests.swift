import CPDCore
import CPDOperations
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `cpdcert correct --event FILE --reason TEXT` with the built binary: an event issued with a
/// mistake in its title is reissued whole, and a kill at any instant, then the same command,
/// converges: every old certificate superseded exactly once, by one valid certificate printing
/// the corrected title, with its PDF on disk; the registry audits clean.
@Suite(.serialized) struct EventCorrectionEndToEndTests {
    static let eventID = "county-lines-2020"
    static let wrongTitle = "Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence"
    static let rightTitle = "Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence (Part 1)"
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    struct Setup {
        let folder: URL
        var registry: String { folder.appendingPathComponent("cpdcert.sqlite").path }
        var out: URL { folder.appendingPathComponent("corrected") }
        var corrected: String { folder.appendingPathComponent("event.yaml").path }
        var keys: String { folder.appendingPathComponent("keys").path }
    }

    /// An issued event (CrashSafetyTests' attendees, names in many scripts) and its corrected definition.
    func issued(_ label: String, attendance rows: String = CrashSafetyTests.attendance()) throws -> Setup {
        let setup = Setup(folder: try ExternalTool.temporaryDirectory(label))
        let attendance = setup.folder.appendingPathComponent("attendance.csv")
        try Data(rows.utf8).write(to: attendance)
        let key = try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/cpdcert", "--keys", setup.keys])
        #expect(key.status == 0, "\(key.stderr)")
        let issue = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--jobs", "1", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            attendance.path,
            "--out", setup.folder.appendingPathComponent("out").path, "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(issue.status == 0, "\(issue.stderr)")
        let original = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
        #expect(original.contains(Self.wrongTitle))
        try Data(original.replacingOccurrences(Self.wrongTitle, Self.rightTitle).utf8).write(to: URL(fileURLWithPath: setup.corrected))
        return setup
    }

    func correct(_ setup: Setup, _ extra: [String] = []) -> [String] {
        [
            "correct", "--event", setup.corrected, "--reason", "the title lacked its part number", "--operator", "quality-lead",
            "--registry", setup.registry, "--out", setup.out.path, "--keys", setup.keys, "--batch-size", "4", "--quiet",
        ] + extra
    }

    /// The state a finished correction must leave, whatever interrupted it before.
    func checkConverged(_ setup: Setup, eligible: Int = CrashSafetyTests.eligible) async throws {
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let rows = try await registry.certificates(eventID: Self.eventID, after: nil, limit: 10_000)
        let originals = rows.filter { $0.supersedes == nil }
        let replacements = rows.filter { $0.supersedes != nil }
        #expect(originals.count == eligible)
        #expect(originals.allSatisfy { $0.status == .superseded }, "every old certificate superseded")
        #expect(replacements.count == originals.count, "exactly one replacement each: no duplicate")
        #expect(Set(replacements.compactMap(\.supersedes)) == Set(originals.map(\.id)))
        #expect(replacements.allSatisfy { $0.status == .valid && $0.content.eventTitle == Self.rightTitle })
        #expect(Set(replacements.map(\.identity)) == Set(originals.map(\.identity)))
        for row in replacements {
            let pdf = try #require(FileManager.default.contents(atPath: setup.out.appendingPathComponent(row.fileName).path))
            #expect(Hex.sha256(pdf) == row.pdfSHA256, "the PDF of \(row.id) is the one recorded")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: setup.out.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")
        let frozen = try #require(try await registry.eventDefinition(eventID: Self.eventID))
        #expect(String(decoding: frozen.canonical, as: UTF8.self).contains(Self.rightTitle), "the new definition is the frozen one")
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", setup.registry, "--keys", setup.keys])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test func aDryRunCountsAndShowsOneAndChangesNothing() async throws {
        let setup = try issued("event-correction-dry")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let before = try await SQLiteCertificateRegistry(path: setup.registry, readOnly: true).logSize()
        let dry = try EndToEndTests.cpdcert(correct(setup, ["--dry-run"]))
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would be reissued: \(CrashSafetyTests.eligible)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("title: '\(Self.wrongTitle)' -> '\(Self.rightTitle)'"), "\(dry.stdout)")
        #expect(dry.stdout.contains("would be superseded by a new certificate printing"))
        #expect(try await SQLiteCertificateRegistry(path: setup.registry, readOnly: true).logSize() == before)
        #expect(!FileManager.default.fileExists(atPath: setup.out.path))
        // The registry still holds the first definition: the old file issues, the corrected one is refused.
        let refused = try EndToEndTests.cpdcert(correct(setup).filter { $0 != "--quiet" } + ["--name", "X"])
        #expect(refused.status == 64, "--name without an ID is a usage error: \(refused.stderr)")
    }

    @Test func theWholeEventIsReissuedOnceAndTheOldFileIsRefusedFromThenOn() async throws {
        let setup = try issued("event-correction")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let run = try EndToEndTests.cpdcert(correct(setup).filter { $0 != "--quiet" })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("corrected now:    \(CrashSafetyTests.eligible)"), "\(run.stdout)")
        try await checkConverged(setup)
        let again = try EndToEndTests.cpdcert(correct(setup).filter { $0 != "--quiet" })
        #expect(again.stdout.contains("corrected now:    0"), "\(again.stdout)")
        #expect(again.stdout.contains("already correct:  \(CrashSafetyTests.eligible)"))
        try await checkConverged(setup)
        let old = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            setup.folder.appendingPathComponent("attendance.csv").path, "--out", setup.folder.appendingPathComponent("again").path,
            "--registry", setup.registry,
        ])
        #expect(old.status == 78, "the uncorrected file is refused now")
        #expect(old.stderr.contains("cpdcert correct --event FILE --reason TEXT"))
    }

    @Test func aChangedAttendanceRuleIsRefusedAndNothingChanges() async throws {
        let setup = try issued("event-correction-rule")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let corrected = try String(contentsOfFile: setup.corrected, encoding: .utf8)
        #expect(corrected.contains("minimum_fraction: 0.75"))
        try Data(corrected.replacingOccurrences("minimum_fraction: 0.75", "minimum_fraction: 0.5").utf8)
            .write(to: URL(fileURLWithPath: setup.corrected))
        let before = try await SQLiteCertificateRegistry(path: setup.registry, readOnly: true).logSize()
        let refused = try EndToEndTests.cpdcert(correct(setup))
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("the attendance rule changed"), "\(refused.stderr)")
        #expect(try await SQLiteCertificateRegistry(path: setup.registry, readOnly: true).logSize() == before)
        #expect(!FileManager.default.fileExists(atPath: setup.out.path))
    }

    /// Fault points an event-wide correction passes, at a first and a later hit.
    static let killPoints: [(String, Int)] = [
        ("after-render", 1), ("after-render", 6), ("after-commit", 1), ("after-commit", 9), ("before-rename", 1), ("before-rename", 2),
        ("after-write", 1), ("before-manifest", 1),
    ]

    @Test(arguments: killPoints)
    func killedAtAChosenPointTheSameCommandConverges(point: String, hit: Int) async throws {
        let setup = try issued("event-correction-\(point)-\(hit)")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let killed = try ExternalTool.run(EndToEndTests.binary, correct(setup), environment: ["CPDCERT_FAULT": "\(point):\(hit)"])
        #expect(killed.status == SIGKILL, "the fault point \(point):\(hit) was reached (status \(killed.status))")
        let rerun = try EndToEndTests.cpdcert(correct(setup))
        #expect(rerun.status == 0, "rerun: \(rerun.stderr)")
        try await checkConverged(setup)
    }

    /// More certificates than one page of the registry (256), their PDFs all held until the end
    /// (a large batch size): the corrections the run makes, met again on the next page in ID
    /// order, are neither corrected again nor drawn again as "corrected by an interrupted run".
    @Test func aCorrectionOfMoreThanAPageDrawsEachCertificateOnce() async throws {
        let setup = try issued("event-correction-pages", attendance: PeakMemoryTests.attendance(330))
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let valid = try await registry.certificates(eventID: Self.eventID, after: nil, limit: 10_000).count { $0.status == .valid }
        #expect(valid > 256)
        let command = correct(setup).map { $0 == "4" ? "1000" : $0 }.filter { $0 != "--quiet" }
        let run = try EndToEndTests.cpdcert(command)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("corrected now:    \(valid)"), "\(run.stdout)")
        #expect(!run.stdout.contains("PDFs re-created"), "\(run.stdout)")
        try await checkConverged(setup, eligible: valid)
    }

    /// Certificates corrected by a killed run, their PDFs not yet written, are drawn again from
    /// the archive by the re-run, byte for byte, after the working template was edited between
    /// the two; the certificates the re-run corrects itself use the edited template.
    @Test func aKilledCorrectionsPDFsComeFromTheArchiveAfterTheTemplateIsEdited() async throws {
        let setup = try issued("event-correction-archive")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let templates = setup.folder.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Samples.packageRoot.appendingPathComponent("Templates"), to: templates)
        let command = correct(setup, ["--templates", templates.path])
        let killed = try ExternalTool.run(EndToEndTests.binary, command, environment: ["CPDCERT_FAULT": "after-commit:3"])
        #expect(killed.status == SIGKILL)
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let first = try await registry.certificates(eventID: Self.eventID, after: nil, limit: 10_000).filter { $0.supersedes != nil }
        #expect(first.count == 3, "three corrections committed before the kill")
        for row in first { #expect(!FileManager.default.fileExists(atPath: setup.out.appendingPathComponent(row.fileName).path)) }

        let classic = templates.appendingPathComponent("classic.yaml")
        let source = try String(contentsOf: classic, encoding: .utf8)
        #expect(source.contains("#1f3a5f"))
        try source.replacingOccurrences("#1f3a5f", "#8b0000").write(to: classic, atomically: true, encoding: .utf8)
        let rerun = try EndToEndTests.cpdcert(command.filter { $0 != "--quiet" })
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.contains("PDFs re-created:  3"), "\(rerun.stdout)")
        try await checkConverged(setup)
        let all = try await registry.certificates(eventID: Self.eventID, after: nil, limit: 10_000).filter { $0.supersedes != nil }
        let templatesUsed = Set(all.map(\.templateSHA256))
        #expect(templatesUsed.count == 2, "the killed run's certificates keep their template; the rest use the edited one")
        for row in first {
            #expect(all.first { $0.id == row.id }?.templateSHA256 == row.templateSHA256)
        }
    }

    @Test func killedAtRandomInstantsRepeatedlyTheSameCommandConverges() async throws {
        let setup = try issued("event-correction-random")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        var generator = SplitMix64(state: 2016)
        for _ in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
            process.arguments = correct(setup)
            process.environment = ProcessInfo.processInfo.environment.merging(["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": setup.keys]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000...500_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let rerun = try EndToEndTests.cpdcert(correct(setup))
        #expect(rerun.status == 0, "rerun: \(rerun.stderr)")
        try await checkConverged(setup)
    }
}
