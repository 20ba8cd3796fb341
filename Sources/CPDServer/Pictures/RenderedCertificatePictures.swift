public import CPDCore

/// Pictures drawn from the frozen record with the templates the server loaded, on one render
/// thread, cached. A certificate issued with another version of its template (a different
/// template hash) gets no picture rather than a misleading one.
///
/// ```swift
/// let pictures = RenderedCertificatePictures(templates: [classic], cacheSize: 64)
/// let app = buildApplication(registry: registry, pdfHashes: registry, pictures: pictures)
/// ```
public final class RenderedCertificatePictures: CertificatePictures {
    private let hashes: [String: String]
    private let thread: RenderThread
    private let cache: PictureCache

    /// Serves pictures for certificates issued with one of `templates`.
    public init(templates: [PictureTemplate], cacheSize: Int = 64, maxQueued: Int = 32) {
        hashes = Dictionary(templates.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        thread = RenderThread(templates: templates, maxQueued: maxQueued)
        cache = PictureCache(capacity: cacheSize)
    }

    public func availability(of certificate: Certificate) -> PictureAvailability {
        guard let hash = hashes[certificate.templateName] else {
            return .unavailable("its template, '\(certificate.templateName)', is not loaded on this server")
        }
        guard hash == certificate.templateSHA256 else {
            return .unavailable(
                "its template, '\(certificate.templateName)', has changed since the certificate was issued, so a picture drawn now would not be the certificate as issued"
            )
        }
        return .available
    }

    public func picture(of certificate: Certificate) async throws -> Picture {
        if case .unavailable(let reason) = availability(of: certificate) { return .unavailable(reason) }
        let thread = self.thread
        let data = try await cache.picture(of: certificate.id) {
            try await thread.render(template: certificate.templateName, content: certificate.content)
        }
        return .png(data)
    }

    /// Number of pictures in the cache.
    public var cachedCount: Int {
        get async { await cache.count }
    }
}
