import CPDCore
import CPDLedger
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LogRoutesTests {
    @Test func proofsCheckpointConsistencyAndKeyAreServed() async throws {
        let ids = SeededRandomSource(seed: 21)
        let certificates = Samples.names.enumerated().map { Samples.certificate($1, index: $0, ids: ids) }
        let registry = InMemoryCertificateRegistry(certificates)
        let key = try LogKey.generate(name: "example.org/cpdcert")
        var configuration = ServerConfiguration()
        configuration.verifierKey = key.verifier.text
        let app = buildApplication(registry: registry, pdfHashes: registry, configuration: configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/log/checkpoint", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/certificates/\(certificates[2].id)/proof", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no_proof"))
            }
        }
        try await Checkpointer.checkpoint(registry, key: key)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/log/checkpoint", method: .get) { response in
                #expect(response.status == .ok)
                let checkpoint = try key.verifier.verify(note: String(buffer: response.body))
                #expect(checkpoint.size == certificates.count)
            }
            try await client.execute(uri: "/api/v1/certificates/\(certificates[2].id)/proof", method: .get) { response in
                #expect(response.status == .ok)
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                let proof = try decoder.decode(CertificateProof.self, from: Data(String(buffer: response.body).utf8))
                let entry = try #require(proof.entries.first)
                let leaf = MerkleTree.leafHash([UInt8](try #require(Data(base64Encoded: entry.entry))))
                #expect(
                    MerkleTree.verifyInclusion(
                        leaf: leaf, index: entry.index, size: proof.treeSize,
                        proof: entry.inclusionProof.compactMap(SHA256Digest.init(hex:)),
                        root: try #require(SHA256Digest(hex: proof.rootHash))))
                #expect(!String(buffer: response.body).contains("@"))
            }
            try await client.execute(uri: "/api/v1/log/consistency?from=3&to=8", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"proof\""))
            }
            for bad in ["from=0&to=3", "from=5&to=3", "from=1&to=999", "from=x&to=3", ""] {
                try await client.execute(uri: "/api/v1/log/consistency?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
            try await client.execute(uri: "/api/v1/log/public-key", method: .get) { response in
                #expect(String(buffer: response.body) == key.verifier.text + "\n")
            }
        }
    }
}
