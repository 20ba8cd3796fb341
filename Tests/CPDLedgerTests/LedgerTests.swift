import CPDCore
import CPDLedger
import CPDRegistry
import CPDTestSupport
import Crypto
import Foundation
import Testing

@Suite struct LogKeyTests {
    @Test func keysRoundTripAndSignedNotesFollowTheC2SPFormat() throws {
        let key = try LogKey.generate(name: "policyforesight.example.org/cpdcert")
        let reread = try LogKey(privateKeyText: key.privateKeyText)
        #expect(reread.verifier == key.verifier)
        #expect(try LogVerifier(text: key.verifier.text) == key.verifier)
        #expect(key.privateKeyText.hasPrefix("PRIVATE+KEY+policyforesight.example.org/cpdcert+\(key.keyID)+"))

        // The key id is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4], per the signed-note spec.
        let keyBytes = try #require(Data(base64Encoded: String(key.verifier.text.split(separator: "+", maxSplits: 2)[2])))
        var input = Data("policyforesight.example.org/cpdcert\n".utf8)
        input.append(keyBytes)
        #expect(key.keyID == Crypto.SHA256.hash(data: input).prefix(4).map { String(format: "%02x", $0) }.joined())

        let root = MerkleTree.root([MerkleTree.leafHash(Array("a".utf8))])
        let note = try key.sign(Checkpoint(origin: key.name, size: 1, root: root))
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "policyforesight.example.org/cpdcert")
        #expect(lines[1] == "1")
        #expect(lines[2] == Substring(Data(root.bytes).base64EncodedString()))
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} policyforesight.example.org/cpdcert "))
        #expect(try key.verifier.verify(note: note) == Checkpoint(origin: key.name, size: 1, root: root))
    }

    @Test func anAlteredNoteOrAnotherKeyFails() throws {
        let key = try LogKey.generate(name: "example.org/log")
        let other = try LogKey.generate(name: "example.org/log")
        let note = try key.sign(Checkpoint(origin: key.name, size: 5, root: MerkleTree.emptyRoot))
        #expect(throws: LedgerError.self) { try key.verifier.verify(note: note.replacingOccurrences("\n5\n", "\n6\n")) }
        #expect(throws: LedgerError.self) { try other.verifier.verify(note: note) }
        #expect(throws: LedgerError.self) { try LogKey.generate(name: "has space") }
    }
}

@Suite struct BundleAndAuditTests {
    func populated() async throws -> (SQLiteCertificateRegistry, LogKey, [Certificate]) {
        let registry = try SQLiteCertificateRegistry()
        let ids = SeededRandomSource(seed: 8)
        let certificates = Samples.names.enumerated().map { Samples.certificate($1, index: $0, ids: ids) }
        try await registry.insert(certificates)
        let key = try LogKey.generate(name: "example.org/cpdcert")
        try await Checkpointer.checkpoint(registry, key: key)
        return (registry, key, certificates)
    }

    func sha(_ data: Data) -> String { Crypto.SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func aBundleVerifiesOfflineAndFailsWhenItsRecordIsEdited() async throws {
        let (registry, key, certificates) = try await populated()
        let target = certificates[3]
        let bundle = try await CertificateBundle.make(for: target.id, registry: registry, key: key)
        let data = try CertificateBundle.encoder().encode(bundle)
        let reread = try CertificateBundle.decoder().decode(CertificateBundle.self, from: data)
        let result = try reread.verify(pdf: nil, trusting: key.verifier, hashPDF: sha)
        #expect(result.status == .valid)
        #expect(result.certificateID == target.id.description)

        var edited = reread
        edited.certificate.attendee.name = "Someone Else"
        #expect(throws: LedgerError.self) { try edited.verify(pdf: nil, trusting: nil, hashPDF: sha) }

        var forgedEntry = reread
        let original = try #require(Data(base64Encoded: forgedEntry.proof.entries[0].entry))
        let text = String(decoding: original, as: UTF8.self).replacingOccurrences(target.content.attendeeName, "Someone Else")
        forgedEntry.proof.entries[0].entry = Data(text.utf8).base64EncodedString()
        forgedEntry.certificate.attendee.name = "Someone Else"
        #expect(throws: LedgerError.self) { try forgedEntry.verify(pdf: nil, trusting: nil, hashPDF: sha) }

        let otherKey = try LogKey.generate(name: "example.org/cpdcert")
        #expect(throws: LedgerError.self) { try reread.verify(pdf: nil, trusting: otherKey.verifier, hashPDF: sha) }

        var noProof = reread
        noProof.proof.entries = []
        #expect(throws: LedgerError.badProof("no inclusion proof for the certificate's issue entry")) {
            try noProof.verify(pdf: nil, trusting: nil, hashPDF: sha)
        }
    }

    /// A bundle made from a checkpoint older than the revocation would sign "valid" for a revoked certificate.
    @Test func noBundleIsMadeWhileTheRevocationIsNewerThanTheCheckpoint() async throws {
        let (registry, key, certificates) = try await populated()
        let revoked = certificates[2]
        try await registry.changeStatus(
            StatusChange(
                certificateID: revoked.id, status: .revoked, reason: .issuedInError, note: nil, operatorName: "qa",
                at: FixedClock().now, replacedBy: nil), replacement: nil)
        await #expect(throws: ProofError.notYetCheckpointed(revoked.id)) {
            try await CertificateBundle.make(for: revoked.id, registry: registry, key: key)
        }
        try await Checkpointer.checkpoint(registry, key: key)
        let bundle = try await CertificateBundle.make(for: revoked.id, registry: registry, key: key)
        let result = try bundle.verify(pdf: nil, trusting: key.verifier, hashPDF: sha)
        #expect(result.status == .revoked)
        #expect(result.statement?.status == .revoked)
    }

    @Test func revocationAndCorrectionAreLoggedAndShown() async throws {
        let (registry, key, certificates) = try await populated()
        let revoked = certificates[0]
        try await registry.changeStatus(
            StatusChange(
                certificateID: revoked.id, status: .revoked, reason: .fraudulent, note: "duplicate account", operatorName: "qa",
                at: FixedClock().now, replacedBy: nil), replacement: nil)
        await #expect(throws: RegistryError.notInForce(revoked.id, .revoked)) {
            try await registry.changeStatus(
                StatusChange(
                    certificateID: revoked.id, status: .revoked, reason: .issuedInError, note: nil, operatorName: "qa",
                    at: FixedClock().now, replacedBy: nil),
                replacement: nil)
        }
        let old = certificates[1]
        var corrected = Samples.certificate("Corrected Name", index: 1, ids: SeededRandomSource(seed: 99))
        corrected.supersedes = old.id
        try await registry.changeStatus(
            StatusChange(
                certificateID: old.id, status: .superseded, reason: nil, note: "typo", operatorName: "qa", at: FixedClock().now,
                replacedBy: corrected.id),
            replacement: corrected)
        try await Checkpointer.checkpoint(registry, key: key)

        #expect(try await registry.certificate(id: old.id)?.status == .superseded)
        #expect(try await registry.certificate(id: old.id)?.statusChange?.replacedBy == corrected.id)
        #expect(try await registry.certificate(id: corrected.id)?.supersedes == old.id)
        #expect(try await registry.issuedIDs(eventID: old.eventID)[old.identity] == corrected.id)
        #expect(try await registry.logSize() == certificates.count + 3)

        let bundle = try await CertificateBundle.make(for: revoked.id, registry: registry, key: key)
        #expect(try bundle.verify(pdf: nil, trusting: nil, hashPDF: sha).status == .revoked)

        let report = try await Auditor(registry: registry, verifier: key.verifier, pdfs: nil, savedCheckpoint: nil, hashPDF: sha).run()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.certificates == certificates.count + 1)
    }
}

@Suite struct CheckpointConflictTests {
    // Before, a second key's checkpoint at a size already signed was dropped silently and
    // 'log checkpoint' exited 0, so an audit with that key then found no signature by it.
    @Test(arguments: [false, true])
    func aCheckpointAtASizeAnotherKeySignedIsRefusedNotDroppedSilently(sqlite: Bool) async throws {
        let registry: any CertificateRegistry = sqlite ? try SQLiteCertificateRegistry() : InMemoryCertificateRegistry()
        try await registry.insert([Samples.certificate("Nia Ffrancon-Davies")])
        let first = try LogKey.generate(name: "policyforesight.example.org/cpdcert")
        let second = try LogKey.generate(name: "policyforesight.example.org/cpdcert-2027")
        let kept = try await Checkpointer.checkpoint(registry, key: first)
        #expect(try await Checkpointer.checkpoint(registry, key: first).note == kept.note)
        await #expect {
            try await Checkpointer.checkpoint(registry, key: second)
        } throws: { error in
            "\(error)".contains("already signed at size 1 by another key (origin 'policyforesight.example.org/cpdcert')")
        }
        #expect(try await registry.latestCheckpoint()?.note == kept.note)
    }
}
