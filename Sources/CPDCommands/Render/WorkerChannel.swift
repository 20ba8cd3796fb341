import CPDCore
import Foundation

/// Length-prefixed frames over a pipe between `cpdcert issue` and its `render-worker` processes.
///
/// A frame is a 4-byte big-endian length and that many bytes. Replies start with one status
/// byte: 0 and the PDF (or nothing, after set-up), or 1 and the error text.
struct WorkerChannel {
    let input: FileHandle
    let output: FileHandle

    /// What the parent sends first: the template exactly as it loaded it, so the worker draws
    /// the same template whose hash the registry records, whatever happens on disk meanwhile.
    struct Setup: Codable {
        var name: String
        var fileName: String
        var source: Data
        var assets: [String: Data]
    }

    /// The stream broke: the other process stopped or wrote something else than a frame.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The worker could not draw the certificate and said why (its error's text).
    struct Reported: Error, CustomStringConvertible {
        var description: String
    }

    func send(_ payload: Data) throws {
        var length = UInt32(payload.count).bigEndian
        var frame = Data(bytes: &length, count: 4)
        frame.append(payload)
        try output.write(contentsOf: frame)
    }

    /// The next frame, or nil at the end of the stream.
    func receive() throws -> Data? {
        guard let header = try read(4) else { return nil }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard let payload = try read(length) else { throw Failure(description: "the stream ended inside a frame") }
        return payload
    }

    func reply(_ result: Result<Data, any Error>) throws {
        switch result {
        case .success(let data): try send(Data([0]) + data)
        case .failure(let error): try send(Data([1]) + Data("\(error)".utf8))
        }
    }

    /// The data of a reply, or its error thrown.
    func receiveReply() throws -> Data {
        guard let frame = try receive(), let status = frame.first else {
            throw Failure(description: "the rendering process stopped unexpectedly")
        }
        let body = frame.dropFirst()
        guard status == 0 else { throw Reported(description: String(decoding: body, as: UTF8.self)) }
        return Data(body)
    }

    private func read(_ count: Int) throws -> Data? {
        var data = Data()
        while data.count < count {
            guard let chunk = try input.read(upToCount: count - data.count), !chunk.isEmpty else {
                if data.isEmpty { return nil }
                throw Failure(description: "the stream ended inside a frame")
            }
            data.append(chunk)
        }
        return data
    }
}
