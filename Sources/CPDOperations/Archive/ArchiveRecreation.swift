public import CPDCore
import Foundation

/// How a batch draws earlier certificates again when their PDFs are missing or damaged: from
/// the archive of their rendering inputs, with renderers made for those inputs (the working
/// template, assets and the system's fonts are never used for an archived certificate).
public struct ArchiveRecreation: Sendable {
    /// Reads and checks the archived inputs.
    public var loader: ArchivedRenderingLoader
    /// Makes a renderer for one set of archived inputs (on the render thread that uses it).
    public var makeRenderer: @Sendable (ArchivedRendering) throws -> any CertificateRenderer

    /// Creates the recreation.
    public init(loader: ArchivedRenderingLoader, makeRenderer: @escaping @Sendable (ArchivedRendering) throws -> any CertificateRenderer) {
        self.loader = loader
        self.makeRenderer = makeRenderer
    }

    /// The archived inputs of `certificate`, from a render thread (not the cooperative pool):
    /// the thread waits while the registry is read.
    func rendering(of certificate: Certificate) throws -> ArchivedRendering? {
        let loader = self.loader
        let box = ResultBox<ArchivedRendering?>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.result = .success(try await loader.rendering(of: certificate))
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// A render thread's renderers for archived inputs: a few kept, the oldest dropped.
final class RecreationRenderers {
    private var renderers: [(key: String, renderer: Result<any CertificateRenderer, any Error>)] = []
    private let make: @Sendable (ArchivedRendering) throws -> any CertificateRenderer

    init(make: @escaping @Sendable (ArchivedRendering) throws -> any CertificateRenderer) {
        self.make = make
    }

    func renderer(for rendering: ArchivedRendering) throws -> any CertificateRenderer {
        let key = rendering.inputs.sha256
        if let found = renderers.first(where: { $0.key == key }) { return try found.renderer.get() }
        if renderers.count >= 4 { renderers.removeFirst() }
        let made = Result { try make(rendering) }
        renderers.append((key, made))
        return try made.get()
    }
}

/// A result handed from a task to the thread waiting for it.
private final class ResultBox<Value>: @unchecked Sendable {
    // @unchecked: written once by the task before it signals, read by the waiter after.
    var result: Result<Value, any Error>?
}
