import CPDCore
import CPDPostgres
import CPDTestSupport
import Foundation
import Testing

/// Many writers on one PostgreSQL registry at once, each with a connection pool of its own (as
/// separate runner processes have): the log stays one sequence with no gap and no repeat, every
/// change has its entry, and each checkpoint taken along the way is consistent with the last.
@Suite struct PostgresConcurrencyTests {
    @Test func concurrentIssuesRevocationsAndCorrectionsKeepTheLogGapFree() async throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let writers = 6, batches = 5, batchSize = 20
        var opened: [PostgresCertificateRegistry] = []
        for _ in 0..<writers { opened.append(try await PostgresCertificateRegistry.open(PostgresLocation(database.url))) }
        let registries = opened
        let names = Samples.names
        // Each writer issues its batches, then revokes one and corrects another of its own.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, registry) in registries.enumerated() {
                group.addTask {
                    let ids = SeededRandomSource(seed: UInt64(100 + writer))
                    var mine: [Certificate] = []
                    for batch in 0..<batches {
                        let certificates = (0..<batchSize).map { n in
                            let index = (writer * batches + batch) * batchSize + n
                            return Samples.certificate(names[index % names.count], index: index, ids: ids)
                        }
                        try await registry.insert(certificates)
                        mine += certificates
                    }
                    try await registry.changeStatus(
                        StatusChange(
                            certificateID: mine[0].id, status: .revoked, reason: .issuedInError, note: "writer \(writer)",
                            operatorName: "Siobhán Ní Bhriain", at: FixedClock().now, replacedBy: nil), replacement: nil)
                    var corrected = Samples.certificate(names[writer % names.count], index: 90_000 + writer, ids: ids)
                    corrected.identity = mine[1].identity
                    corrected.supersedes = mine[1].id
                    try await registry.changeStatus(
                        StatusChange(
                            certificateID: mine[1].id, status: .superseded, reason: nil, note: "name misspelt",
                            operatorName: "Đặng Văn Lâm", at: FixedClock().now, replacedBy: corrected.id), replacement: corrected)
                }
            }
            // Checkpoints read while the writers write: each consistent with the one before.
            group.addTask {
                let reader = registries[0]
                var previous: (size: Int, root: SHA256Digest)?
                for _ in 0..<40 {
                    let size = try await reader.logSize()
                    guard size > 0 else { continue }
                    let root = try await reader.rootHash(size: size)
                    if let previous, previous.size < size {
                        let proof = try await reader.consistencyProof(oldSize: previous.size, newSize: size)
                        #expect(
                            MerkleTree.verifyConsistency(
                                oldSize: previous.size, newSize: size, oldRoot: previous.root, newRoot: root, proof: proof),
                            "sizes \(previous.size) and \(size)")
                    }
                    previous = (size, root)
                }
            }
            try await group.waitForAll()
        }
        // Every certificate once, every change once: issues, a correction's replacement, two status changes per writer.
        let expected = writers * batches * batchSize + writers * 3
        let registry = registries[0]
        #expect(try await registry.logSize() == expected)
        let entries = try await registry.logEntries(0..<expected)
        #expect(entries.map(\.index) == Array(0..<expected))
        #expect(try database.psql("SELECT count(*) FROM log_entry") == "\(expected)")
        #expect(try database.psql("SELECT max(idx) + 1 FROM log_entry") == "\(expected)")
        // The tree kept as entries were appended is the tree of the leaves.
        let leaves = try await registry.leafHashes(size: expected)
        #expect(try await registry.rootHash(size: expected) == MerkleTree.root(leaves, size: expected))
        #expect(Set(entries.map(\.leafHash)).count == expected)
    }
}
