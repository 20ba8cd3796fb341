import CPDCore
import CPDOperations
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// `-` names standard input wherever cpdcert reads a file: the example's attendance piped into
/// `issue --attendance -` gives the certificates the file gives, with the evidence hash of the
/// bytes read; a bundle piped into `verify-bundle -` verifies as the file does.
@Suite struct StandardInputEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    func cpdcert(_ arguments: [String], input: Data? = nil) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary, arguments, environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": ""], directory: Samples.packageRoot,
            input: input)
    }

    /// Issues the example into `folder` with the attendance named `attendance`, fed `input`.
    func issue(into folder: URL, attendance: String, input: Data? = nil) throws -> ExternalTool.Result {
        try cpdcert(
            [
                "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance", attendance,
                "--out", folder.appendingPathComponent("out").path, "--registry", folder.appendingPathComponent("cpdcert.sqlite").path,
                "--keys", folder.appendingPathComponent("keys").path,
            ], input: input)
    }

    /// What each certificate says and rests on, without its random ID.
    struct Issued: Hashable {
        let identity: String
        let content: String
        let eligibility: String
        let evidenceSHA256: String?
    }

    func issued(_ folder: URL) async throws -> Set<Issued> {
        let registry = try SQLiteCertificateRegistry(path: folder.appendingPathComponent("cpdcert.sqlite").path, readOnly: true)
        return Set(
            try await registry.allCertificates(after: nil, limit: 1000).map { certificate in
                var content = certificate.content
                // The ID is random, the time that of the run.
                content.certificateID = ""
                content.verificationURL = ""
                content.issueDate = ""
                content.issuedAt = Date(timeIntervalSince1970: 0)
                return Issued(
                    identity: certificate.identity.email, content: "\(content)", eligibility: "\(certificate.eligibility)",
                    evidenceSHA256: certificate.evidenceSHA256)
            })
    }

    @Test func attendancePipedIntoIssueGivesTheCertificatesOfTheFile() async throws {
        let fromFile = try ExternalTool.temporaryDirectory("stdin-file")
        let fromPipe = try ExternalTool.temporaryDirectory("stdin-pipe")
        defer {
            try? FileManager.default.removeItem(at: fromFile)
            try? FileManager.default.removeItem(at: fromPipe)
        }
        let file = example.appendingPathComponent("attendance.csv")
        let bytes = try Data(contentsOf: file)
        // 65: the example has malformed rows on purpose.
        let direct = try issue(into: fromFile, attendance: file.path)
        #expect(direct.status == 65, "\(direct.stderr)")
        let piped = try issue(into: fromPipe, attendance: "-", input: bytes)
        #expect(piped.status == 65, "\(piped.stderr)")
        // The malformed rows are named by line, as from the file, which is named "-".
        #expect(piped.stderr == direct.stderr.replacingOccurrences(of: file.path, with: "-"), "\(piped.stderr)")

        let expected = try await issued(fromFile)
        #expect(expected.count == 29)
        #expect(try await issued(fromPipe) == expected)
        #expect(expected.allSatisfy { $0.evidenceSHA256 == Hex.sha256(bytes) }, "the evidence hash is of the bytes read")
    }

    @Test func aBundlePipedIntoVerifyBundleVerifiesAsTheFileDoes() async throws {
        let folder = try ExternalTool.temporaryDirectory("stdin-bundle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys").path
        #expect(try cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert", "--keys", keys]).status == 0)
        _ = try issue(into: folder, attendance: example.appendingPathComponent("attendance.csv").path)
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        #expect(try cpdcert(["log", "checkpoint", "--registry", registry, "--keys", keys]).status == 0)
        let reader = try SQLiteCertificateRegistry(path: registry, readOnly: true)
        let id = try #require(try await reader.allCertificates(after: nil, limit: 1).first?.id)
        let bundle = folder.appendingPathComponent("bundle.json")
        let made = try cpdcert(["bundle", id.description, "--out", bundle.path, "--registry", registry, "--keys", keys])
        #expect(made.status == 0, "\(made.stderr)")
        let publicKey = "\(keys)/log.pub"
        let fromFile = try cpdcert(["verify-bundle", bundle.path, "--key", publicKey])
        #expect(fromFile.status == 0, "\(fromFile.stdout)\(fromFile.stderr)")
        let fromPipe = try cpdcert(["verify-bundle", "-", "--key", publicKey], input: try Data(contentsOf: bundle))
        #expect(fromPipe.status == 0, "\(fromPipe.stdout)\(fromPipe.stderr)")
        #expect(fromPipe.stdout == fromFile.stdout.replacingOccurrences(of: bundle.path, with: "-"))
        let both = try cpdcert(["verify-bundle", "-", "--pdf", "-", "--key", publicKey], input: try Data(contentsOf: bundle))
        #expect(both.status == 64 && both.stderr.contains("cannot both be read from standard input"), "\(both.stderr)")
    }
}
