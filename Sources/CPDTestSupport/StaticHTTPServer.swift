public import Foundation

/// Tests/http/static_server.py: Python's http.server over a folder on a free port of 127.0.0.1,
/// or a listener that never answers; stopped when the test is done.
public final class StaticHTTPServer: Sendable {
    /// The process.
    public let process: BackgroundProcess
    /// `http://127.0.0.1:PORT`.
    public let base: String

    /// Serves `folder`, or with nil accepts connections and never answers.
    public init(folder: URL?) throws {
        let script = Samples.packageRoot.appendingPathComponent("Tests/http/static_server.py").path
        process = try BackgroundProcess("/usr/bin/python3", ["-u", script, folder?.path ?? "--silent"])
        guard let port = process.waitForLine(timeout: 30, { $0.hasPrefix("port ") ? Int($0.dropFirst(5)) : nil }) else {
            process.stop()
            throw StartError(description: "static_server.py did not start: \(process.printed.stderr)")
        }
        base = "http://127.0.0.1:\(port)"
    }

    /// Stops it.
    public func stop() { process.stop() }

    /// Why it did not start.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }
}
