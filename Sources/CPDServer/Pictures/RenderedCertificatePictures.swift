public import CPDCore
public import Foundation

/// Pictures drawn from the frozen record, on one render thread, cached: from the registry's
/// archive of what each certificate was drawn from (its template, assets and fonts as issued),
/// else, for a certificate issued before the archive, with the templates the server loaded if
/// the certificate's is unchanged. Otherwise no picture rather than a misleading one.
///
/// ```swift
/// let pictures = RenderedCertificatePictures(templates: [classic], archive: archived, cacheSize: 64)
/// let app = buildApplication(registry: registry, pdfHashes: registry, pictures: pictures)
/// ```
public final class RenderedCertificatePictures: CertificatePictures {
    private let hashes: [String: String]
    private let makers: [String: @Sendable () throws -> (CertificateContent) throws -> Data]
    private let archive: ArchivedPictures?
    private let thread: RenderThread
    private let cache: PictureCache

    /// Serves pictures from `archive`, and for certificates issued before it, with `templates`.
    public init(templates: [PictureTemplate], archive: ArchivedPictures? = nil, cacheSize: Int = 64, maxQueued: Int = 32) {
        hashes = Dictionary(templates.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        makers = Dictionary(templates.map { ($0.name, $0.makeRenderer) }, uniquingKeysWith: { first, _ in first })
        self.archive = archive
        thread = RenderThread(maxQueued: maxQueued)
        cache = PictureCache(capacity: cacheSize)
    }

    public func availability(of certificate: Certificate) async -> PictureAvailability {
        switch await source(of: certificate) {
        case .success: .available
        case .failure(let reason): .unavailable(reason.description)
        }
    }

    public func picture(of certificate: Certificate) async throws -> Picture {
        let found: Source
        switch await source(of: certificate) {
        case .success(let source): found = source
        case .failure(let reason): return .unavailable(reason.description)
        }
        let thread = self.thread
        let data = try await cache.picture(of: certificate.id) {
            try await thread.render(key: found.key, make: found.make, content: certificate.content)
        }
        return .png(data)
    }

    /// Number of pictures in the cache.
    public var cachedCount: Int {
        get async { await cache.count }
    }

    /// A renderer's key on the render thread and how to make it.
    private struct Source {
        var key: String
        var make: @Sendable () throws -> (CertificateContent) throws -> Data
    }

    private struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    private func source(of certificate: Certificate) async -> Result<Source, Unavailable> {
        if let archive {
            do {
                if let rendering = try await archive.rendering(certificate) {
                    guard rendering.inputs.templateName == certificate.templateName else {
                        return .failure(Unavailable(description: "its archived rendering inputs are not those of its template"))
                    }
                    let make = archive.makeRenderer
                    return .success(Source(key: "archive:" + rendering.inputs.sha256) { try make(rendering) })
                }
            } catch {
                return .failure(Unavailable(description: "its archived rendering inputs cannot be read (\(error))"))
            }
        }
        guard let hash = hashes[certificate.templateName], let make = makers[certificate.templateName] else {
            return .failure(Unavailable(description: "its template, '\(certificate.templateName)', is not loaded on this server"))
        }
        guard hash == certificate.templateSHA256 else {
            return .failure(
                Unavailable(
                    description:
                        "its template, '\(certificate.templateName)', has changed since the certificate was issued, so a picture drawn now would not be the certificate as issued"
                ))
        }
        return .success(Source(key: "template:" + certificate.templateName, make: make))
    }
}

/// Pictures drawn from the registry's archive of rendering inputs.
public struct ArchivedPictures: Sendable {
    /// What a certificate was drawn from (checked against its hashes), or nil when it predates the archive.
    public var rendering: @Sendable (Certificate) async throws -> ArchivedRendering?
    /// Makes a drawing function (content → PNG bytes) for archived inputs; called on the render thread.
    public var makeRenderer: @Sendable (ArchivedRendering) throws -> (CertificateContent) throws -> Data

    /// Creates the source.
    public init(
        rendering: @escaping @Sendable (Certificate) async throws -> ArchivedRendering?,
        makeRenderer: @escaping @Sendable (ArchivedRendering) throws -> (CertificateContent) throws -> Data
    ) {
        self.rendering = rendering
        self.makeRenderer = makeRenderer
    }
}
