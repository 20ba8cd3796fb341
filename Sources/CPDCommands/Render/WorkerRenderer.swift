import CPDCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A renderer in another process: a `cpdcert render-worker` child that owns its own cairo,
/// Pango and FreeType state, so several of them render truly in parallel (within one process
/// all font work is serialised by the renderer's font lock).
///
/// ```swift
/// let renderer = try WorkerRenderer(package: package, executable: URL(fileURLWithPath: "/proc/self/exe"))
/// let pdf = try renderer.render(content)   // the same bytes as CairoCertificateRenderer's
/// ```
/// Not `Sendable`: one rendering thread owns one worker. If the worker stops, the certificate
/// being drawn fails and the next one starts a new worker.
final class WorkerRenderer: CertificateRenderer {
    private let setup: Data
    private let executable: URL
    private var worker: (process: Process, channel: WorkerChannel)?

    /// Starts a worker for `package` with the cpdcert binary at `executable`; fails as the
    /// in-process renderer would (a font not installed, a bad asset).
    convenience init(package: TemplatePackage, executable: URL) throws {
        try self.init(
            setup: WorkerChannel.Setup(
                name: package.template.name, fileName: package.template.name + ".yaml", source: package.source, assets: package.assets),
            executable: executable)
    }

    /// Starts a worker that draws with `setup`'s template and, when it names them, those font
    /// files alone (a certificate drawn again from the archive).
    init(setup: WorkerChannel.Setup, executable: URL) throws {
        self.setup = try JSONEncoder().encode(setup)
        self.executable = executable
        worker = try start()
    }

    deinit {
        stop()
    }

    /// The running worker's process ID, if one is running.
    var processIdentifier: Int32? { worker?.process.processIdentifier }

    func render(_ content: CertificateContent) throws -> Data {
        try renderReportingFonts(content).pdf
    }

    func renderReportingFonts(_ content: CertificateContent) throws -> RenderedPDF {
        let current = try worker ?? start()
        worker = current
        do {
            try current.channel.send(ContentCodec.encode(content))
            return try current.channel.receiveRendered()
        } catch let reported as WorkerChannel.Reported {
            throw reported  // this certificate cannot be drawn; the worker is fine
        } catch {
            stop()
            throw WorkerChannel.Failure(description: "the rendering process stopped (\(error)); this certificate was not drawn")
        }
    }

    private func start() throws -> (process: Process, channel: WorkerChannel) {
        // A worker that has stopped must give this process an error on write, not SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["render-worker"]
        let requests = Pipe(), replies = Pipe()
        WorkerChannel.enlarge(replies)
        process.standardInput = requests
        process.standardOutput = replies
        process.standardError = FileHandle.standardError
        try process.run()
        let channel = WorkerChannel(input: replies.fileHandleForReading, output: requests.fileHandleForWriting)
        try channel.send(setup)
        _ = try channel.receiveReply()
        return (process, channel)
    }

    /// Closes the worker's input (it exits at the end of its stream) and waits for it.
    private func stop() {
        guard let current = worker else { return }
        worker = nil
        try? current.channel.output.close()
        current.process.waitUntilExit()
    }
}
