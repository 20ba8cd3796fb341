import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// The contract of `CredentialStore`, run against every registry: credentials are kept once
/// each, logged, their indexes never given twice, and the status bits follow the certificates.
@Suite struct CredentialStoreContractTests {
    func with(_ implementation: RegistryImplementation, _ body: (any CertificateRegistry & CredentialStore) async throws -> Void)
        async throws
    {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let registry = try #require(try await implementation.make(file) as? any CertificateRegistry & CredentialStore)
        try await body(registry)
    }

    @Test(arguments: RegistryImplementation.allCases)
    func credentialsAreKeptOnceLoggedAndTheirBitsFollowTheStatus(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let ids = SeededRandomSource(seed: 5)
            let certificates = (0..<3).map { Samples.certificate(Samples.names[$0], index: $0, ids: ids) }
            try await registry.insert(certificates)
            #expect(try await registry.nextStatusIndex() == 0)
            let credentials = certificates.enumerated().map { IssuedCredential(certificateID: $1.id, statusIndex: $0, jws: "a.b.\($0)") }
            try await registry.recordCredentials(credentials)
            #expect(try await registry.credential(certificateID: certificates[1].id) == credentials[1])
            #expect(try await registry.nextStatusIndex() == 3)
            #expect(try await registry.allCredentials() == credentials)
            #expect(try await registry.logSize() == 6)
            #expect(try await registry.logIndexes(certificateID: certificates[2].id) == [2, 5])
            // Neither a second credential for a certificate nor a taken index.
            await #expect(throws: (any Error).self) { try await registry.recordCredentials([credentials[0]]) }
            let taken = IssuedCredential(certificateID: certificates[0].id, statusIndex: 1, jws: "x.y.z")
            await #expect(throws: (any Error).self) { try await registry.recordCredentials([taken]) }
            #expect(try await registry.logSize() == 6)

            #expect(try await registry.credentialStatusBits().set == [])
            let change = StatusChange(
                certificateID: certificates[1].id, status: .revoked, reason: .issuedInError, note: nil, operatorName: "quality-lead",
                at: FixedClock().now, replacedBy: nil)
            try await registry.changeStatus(change, replacement: nil)
            #expect(try await registry.credentialStatusBits().size == 3)
            #expect(try await registry.credentialStatusBits().set == [1])
            var reinstated = change
            reinstated.status = .valid
            reinstated.reason = nil
            try await registry.changeStatus(reinstated, replacement: nil)
            #expect(try await registry.credentialStatusBits().set == [])
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func keysAreKeptOnceInOrderAndTheNewestStatusListIsServed(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let old = PublishedCredentialKey(
                keyID: "did:web:verify.example.org#old", origin: "https://verify.example.org", publicKeyPEM: "A")
            let new = PublishedCredentialKey(
                keyID: "did:web:verify.example.org#new", origin: "https://verify.example.org", publicKeyPEM: "B")
            try await registry.recordCredentialKey(old)
            try await registry.recordCredentialKey(new)
            try await registry.recordCredentialKey(old)
            #expect(try await registry.credentialKeys() == [old, new])
            #expect(try await registry.latestStatusList() == nil)
            try await registry.recordStatusList("first")
            try await registry.recordStatusList("second")
            #expect(try await registry.latestStatusList() == "second")
        }
    }
}
