public import CPDCore
public import Foundation

/// A template the server can draw pictures with.
public struct PictureTemplate: Sendable {
    /// The template's name, as certificates record it.
    public var name: String
    /// The SHA-256 over the template and its assets (`TemplatePackage.hashInput`): a picture is
    /// drawn only for certificates issued with exactly these bytes.
    public var sha256: String
    /// Makes a drawing function (content → PNG bytes). Called once, on the render thread, which
    /// alone ever uses what it returns: renderers hold Pango objects that must stay on one thread.
    public var makeRenderer: @Sendable () throws -> (CertificateContent) throws -> Data

    /// Creates a template entry.
    public init(name: String, sha256: String, makeRenderer: @escaping @Sendable () throws -> (CertificateContent) throws -> Data) {
        self.name = name
        self.sha256 = sha256
        self.makeRenderer = makeRenderer
    }
}

/// One dedicated thread that owns the renderers and runs render jobs one at a time, so the
/// blocking Cairo work never runs on the NIO event loops or the cooperative pool.
final class RenderThread: @unchecked Sendable {
    // @unchecked: `jobs` is guarded by `condition`; `renderers` is touched only by the thread.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var renderers: [String: (CertificateContent) throws -> Data] = [:]
    private let makers: [String: @Sendable () throws -> (CertificateContent) throws -> Data]
    private let maxQueued: Int

    /// Starts the thread; it waits for jobs for the life of the process.
    init(templates: [PictureTemplate], maxQueued: Int) {
        makers = Dictionary(templates.map { ($0.name, $0.makeRenderer) }, uniquingKeysWith: { first, _ in first })
        self.maxQueued = maxQueued
        let thread = Thread { [self] in run() }
        thread.name = "cpdcert-render"
        thread.start()
    }

    /// Draws `content` with template `name` on the render thread.
    /// - Throws: `RenderThreadError.busy` when too many pictures are already waiting.
    func render(template name: String, content: CertificateContent) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = enqueue { [self] in
                do {
                    continuation.resume(returning: try renderer(for: name)(content))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !accepted { continuation.resume(throwing: RenderThreadError.busy) }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard jobs.count < maxQueued else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// On the render thread only.
    private func renderer(for name: String) throws -> (CertificateContent) throws -> Data {
        if let renderer = renderers[name] { return renderer }
        guard let make = makers[name] else { throw RenderThreadError.noTemplate(name) }
        let renderer = try make()
        renderers[name] = renderer
        return renderer
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}

/// Why the render thread did not draw a picture.
enum RenderThreadError: Error, Equatable {
    /// Too many pictures are waiting; try again shortly.
    case busy
    /// No template of that name was loaded.
    case noTemplate(String)
}
