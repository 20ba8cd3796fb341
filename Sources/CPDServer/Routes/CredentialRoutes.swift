import CPDBadges
import CPDCore
import Hummingbird
import NIOCore

/// The Open Badges side: the issuer's did:web document, each certificate's signed credential,
/// and the signed Bitstring Status List, all read from the registry (the server holds no
/// signing key: the operations that change a certificate sign the list again).
struct CredentialRoutes {
    let service: VerificationService

    /// The media type of a VC secured as a JWT (VC-JOSE-COSE, registered with IANA).
    static let credentialType = "application/vc+jwt"

    func register(on group: RateLimitedRoutes) {
        group.get("/.well-known/did.json") { _, _ in try await didDocument() }
        group.get("/status/1") { _, _ in try await statusList() }
        group.get("/api/v1/certificates/:id/credential") { _, context in try await credential(context) }
    }

    private var store: (any CredentialStore)? { service.registry as? any CredentialStore }

    private func didDocument() async throws -> Response {
        let keys: [PublishedCredentialKey]
        do {
            keys = try await store?.credentialKeys() ?? []
        } catch {
            throw VerificationService.unavailable(error)
        }
        // Every key of the newest one's host, newest first: a rotated key stays listed.
        guard let newest = keys.last, let issuer = try? IssuerIdentity(verificationURL: newest.origin) else {
            throw ServiceError(
                .notFound, .noKey, title: "No credential key", message: "this registry has issued no Open Badges credentials")
        }
        let published = keys.reversed().filter { $0.origin == newest.origin }.compactMap {
            try? CredentialPublicKey(pemText: $0.publicKeyPEM)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/did+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: DIDDocument.json(issuer: issuer, keys: published).bytes)))
    }

    private func statusList() async throws -> Response {
        let list: String?
        do {
            list = try await store?.latestStatusList()
        } catch {
            throw VerificationService.unavailable(error)
        }
        guard let list else {
            throw ServiceError(
                .notFound, .notFound, title: "No status list", message: "this registry has issued no Open Badges credentials")
        }
        return Response(status: .ok, headers: [.contentType: Self.credentialType], body: .init(byteBuffer: ByteBuffer(string: list)))
    }

    /// 200 with the JWS; 410 for a revoked certificate, as its PDF (a wallet holding a copy
    /// learns of the revocation from the status list; a revoked credential is not handed out
    /// anew); 404 for an unknown certificate or one issued without a credential.
    private func credential(_ context: VerificationRequestContext) async throws -> Response {
        let certificate = try await service.found(context)
        guard certificate.status != .revoked else {
            throw ServiceError(
                .gone, .revoked, title: "This certificate was revoked",
                message: "certificate \(certificate.id) was revoked, so its wallet credential is no longer offered; its page says why")
        }
        let found: IssuedCredential?
        do {
            found = try await store?.credential(certificateID: certificate.id)
        } catch {
            throw VerificationService.unavailable(error)
        }
        guard let found else {
            throw ServiceError(
                .notFound, .notFound, title: "No credential", message: "certificate \(certificate.id) has no Open Badges credential")
        }
        var headers: HTTPFields = [.contentType: Self.credentialType]
        headers[.contentDisposition] = "attachment; filename=\"\(found.fileName)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: found.jws)))
    }
}
