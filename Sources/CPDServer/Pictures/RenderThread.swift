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
/// blocking Cairo work never runs on the NIO event loops or the cooperative pool. It keeps the
/// renderers it made most recently (`keep`), by key.
final class RenderThread: @unchecked Sendable {
    // @unchecked: `jobs` is guarded by `condition`; `renderers` is touched only by the thread.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var renderers: [(key: String, draw: (CertificateContent) throws -> Data)] = []
    private let maxQueued: Int
    private let keep: Int

    /// Starts the thread; it waits for jobs for the life of the process.
    init(maxQueued: Int, keep: Int = 16) {
        self.maxQueued = maxQueued
        self.keep = max(1, keep)
        let thread = Thread { [self] in run() }
        thread.name = "cpdcert-render"
        thread.start()
    }

    /// Draws `content` on the render thread with the renderer kept under `key`, made by `make`
    /// when there is none.
    /// - Throws: `RenderThreadError.busy` when too many pictures are already waiting.
    func render(
        key: String, make: @escaping @Sendable () throws -> (CertificateContent) throws -> Data, content: CertificateContent
    ) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = enqueue { [self] in
                do {
                    continuation.resume(returning: try renderer(for: key, make: make)(content))
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
    private func renderer(for key: String, make: () throws -> (CertificateContent) throws -> Data) throws
        -> (CertificateContent) throws -> Data
    {
        if let index = renderers.firstIndex(where: { $0.key == key }) {
            let found = renderers.remove(at: index)
            renderers.append(found)
            return found.draw
        }
        let draw = try make()
        if renderers.count >= keep { renderers.removeFirst() }
        renderers.append((key, draw))
        return draw
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
}
