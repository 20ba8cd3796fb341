import CPDCore
import Foundation

extension Auditor {
    /// Every stored credential re-derives to its log entry (its JWS's hash and status index),
    /// every logged credential is stored, and with a PDF folder each `<ID>.credential.jwt` is the one issued.
    func credentialProblems(logged: [CertificateID: (index: Int, leaf: SHA256Digest)]) async throws -> [Problem] {
        var logged = logged
        var problems: [Problem] = []
        let stored = try await (registry as? any CredentialStore)?.allCredentials() ?? []
        for credential in stored {
            let subject = "certificate \(credential.certificateID)"
            guard let entry = logged.removeValue(forKey: credential.certificateID) else {
                problems.append(Problem(subject: subject, message: "has a credential that was never logged"))
                continue
            }
            let expected = TransparencyEntry.credentialIssued(credential).canonicalBytes
            if MerkleTree.leafHash(expected) != entry.leaf {
                let bytes = try await registry.logEntries(entry.index..<(entry.index + 1)).first?.body ?? []
                problems.append(
                    Problem(
                        subject: subject,
                        message: "its credential differs from its log entry (\(Self.differences(bytes, expected, member: "credential")))"))
            }
            if let pdfs {
                let file = pdfs.appendingPathComponent(credential.fileName)
                if let data = FileManager.default.contents(atPath: file.path) {
                    if SHA256Digest(hashing: Array(data)).hex != credential.sha256 {
                        problems.append(
                            Problem(subject: subject, message: "\(file.path) is not the credential as issued (SHA-256 differs)"))
                    }
                } else {
                    problems.append(Problem(subject: subject, message: "its credential \(file.path) is missing"))
                }
            }
        }
        for id in logged.keys.sorted() {
            problems.append(
                Problem(subject: "certificate \(id)", message: "has a credential in the log but none in the registry (deleted?)"))
        }
        return problems
    }
}
