import CPDTestSupport
import Foundation
import Testing

/// The example event issued into a folder, one certificate revoked and one corrected: what the
/// send tests deliver.
struct SendFixtures {
    let folder: URL
    let registry: String
    /// Certificate ID by attendee name, from the manifest.
    let ids: [String: String]
    let revokedID: String
    let supersededID: String
    let correctedID: String

    static let from = "Policy Foresight <cpd@policyforesight.example.org>"

    init(label: String) throws {
        folder = try ExternalTool.temporaryDirectory(label)
        let (registry, _) = try ServeFixtures.issuedExample(in: folder)
        self.registry = registry
        let manifest = try String(contentsOf: folder.appendingPathComponent("out/manifest.csv"), encoding: .utf8)
        var ids: [String: String] = [:]
        for line in manifest.split(separator: "\r\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields.count > 2 { ids[fields[1]] = fields[2] }
        }
        self.ids = ids
        revokedID = try #require(ids["Oliver Bennett"])
        supersededID = try #require(ids["Siân Llywelyn"])
        let revoke = try EndToEndTests.cpdcert([
            "revoke", revokedID, "--reason", "attendance-disputed", "--note", "left at 11:00", "--registry", registry,
        ])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let correct = try EndToEndTests.cpdcert([
            "correct", supersededID, "--name", "Siân Llywelyn-Hughes", "--reason", "name changed on marriage", "--out",
            folder.appendingPathComponent("out").path, "--registry", registry,
        ])
        #expect(correct.status == 0, "\(correct.stderr)")
        correctedID = try #require(correct.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
    }

    /// A registry issued already in `folder` (no revocation or correction).
    init(existing folder: URL, registry: String) {
        self.folder = folder
        self.registry = registry
        ids = [:]
        revokedID = ""
        supersededID = ""
        correctedID = ""
    }

    /// The registry's SHA-256 of `id`'s PDF (`cpdcert verify --json`).
    func pdfSHA256(_ id: String) throws -> String {
        let verified = try EndToEndTests.cpdcert(["verify", id, "--registry", registry, "--json"])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        return try #require(record["pdf_sha256"] as? String)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
