import CPDCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Length-prefixed frames over a pipe between `cpdcert issue` and its `render-worker` processes.
///
/// A frame is a 4-byte big-endian length and that many bytes. Replies start with one status
/// byte: 0 and the PDF (or nothing, after set-up), or 1 and the error text. A rendered PDF's
/// reply has, after the status, the 4-byte length of the font files' paths (one a line) and
/// the paths, then the PDF. Frames are written
/// with one `writev` and read straight into their final buffer: a PDF crosses the pipe without
/// being copied on either side.
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
        /// The archived font files to draw with alone (re-creating a certificate); nil for the
        /// system's fonts.
        var fontFiles: [String]?
        /// The drawing revision to draw with (`RenderingInputs.drawing`); nil for the current one.
        var drawing: Int? = nil
    }

    /// The stream broke: the other process stopped or wrote something else than a frame.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The worker could not draw the certificate and said why (its error's text).
    struct Reported: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one frame holding `payload`.
    func send(_ payload: some ContiguousBytes) throws {
        try payload.withUnsafeBytes { body in try write(Self.header(body.count), body) }
    }

    /// The next frame, or nil at the end of the stream.
    func receive() throws -> Data? {
        guard let length = try readLength() else { return nil }
        return try readData(length)
    }

    func reply(_ result: Result<Data, any Error>) throws {
        let (status, body): (UInt8, Data) =
            switch result {
            case .success(let data): (0, data)
            case .failure(let error): (1, Data("\(error)".utf8))
            }
        try body.withUnsafeBytes { body in try write(Self.header(body.count + 1) + [status], body) }
    }

    /// Replies with a rendered PDF and the font files it used, or the error.
    func reply(rendered result: Result<RenderedPDF, any Error>) throws {
        switch result {
        case .success(let rendered):
            let fonts = Array(rendered.fontFiles.joined(separator: "\n").utf8)
            let head = Self.header(rendered.pdf.count + 1 + 4 + fonts.count) + [0] + Self.header(fonts.count) + fonts
            try rendered.pdf.withUnsafeBytes { body in try write(head, body) }
        case .failure(let error):
            try reply(.failure(error))
        }
    }

    /// A rendered PDF's reply, or its error thrown.
    func receiveRendered() throws -> RenderedPDF {
        guard let length = try readLength(), length >= 1 else {
            throw Failure(description: "the rendering process stopped unexpectedly")
        }
        let status = try readData(1)[0]
        guard status == 0 else { throw Reported(description: String(decoding: try readData(length - 1), as: UTF8.self)) }
        guard length >= 5 else { throw Failure(description: "a rendering reply is too short") }
        let fontsLength = Int(BigEndian.value(try readData(4)))
        guard fontsLength <= length - 5 else { throw Failure(description: "a rendering reply's font list is longer than the reply") }
        let fonts = String(decoding: try readData(fontsLength), as: UTF8.self)
        let pdf = try readData(length - 5 - fontsLength)
        return RenderedPDF(pdf: pdf, fontFiles: fonts.isEmpty ? [] : fonts.split(separator: "\n").map(String.init))
    }

    /// The data of a reply, or its error thrown.
    func receiveReply() throws -> Data {
        guard let length = try readLength(), length >= 1 else {
            throw Failure(description: "the rendering process stopped unexpectedly")
        }
        let status = try readData(1)[0]
        let body = try readData(length - 1)
        guard status == 0 else { throw Reported(description: String(decoding: body, as: UTF8.self)) }
        return body
    }

    /// Asks the kernel for pipe buffers that hold a whole certificate, so a worker writes its
    /// reply in one go instead of waiting for the reader every 64 KB. Only a hint: a system
    /// that allows less keeps its default.
    static func enlarge(_ pipe: Pipe) {
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7)
        _ = fcntl(pipe.fileHandleForWriting.fileDescriptor, setPipeSize, Int32(1 << 20))
    }

    private static func header(_ length: Int) -> [UInt8] {
        BigEndian.bytes(UInt64(UInt32(length)), count: 4)
    }

    /// Writes `head` and `body` as one frame, however many calls the kernel needs.
    private func write(_ head: [UInt8], _ body: UnsafeRawBufferPointer) throws {
        try head.withUnsafeBytes { head in
            var pieces = [head, body]
            var index = 0
            while index < pieces.count {
                let written = pieces[index...].withUnsafeBufferPointer { remaining in
                    let vectors = remaining.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
                    return writev(output.fileDescriptor, vectors, Int32(vectors.count))
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "cannot write to the other process: \(String(cString: strerror(errno)))")
                }
                var left = written
                while index < pieces.count, left >= pieces[index].count {
                    left -= pieces[index].count
                    index += 1
                }
                if index < pieces.count, left > 0 { pieces[index] = UnsafeRawBufferPointer(rebasing: pieces[index][left...]) }
            }
        }
    }

    /// A frame's length, or nil at the end of the stream before it.
    private func readLength() throws -> Int? {
        var header = [UInt8](repeating: 0, count: 4)
        let count = try header.withUnsafeMutableBytes { try fill($0) }
        if count == 0 { return nil }
        guard count == 4 else { throw Failure(description: "the stream ended inside a frame") }
        return Int(BigEndian.value(header))
    }

    private func readData(_ length: Int) throws -> Data {
        var data = Data(count: length)
        let count = try data.withUnsafeMutableBytes { try fill($0) }
        guard count == length else { throw Failure(description: "the stream ended inside a frame") }
        return data
    }

    /// Reads until `buffer` is full or the stream ends; the number of bytes read.
    private func fill(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = read(input.fileDescriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot read from the other process: \(String(cString: strerror(errno)))")
            }
            filled += count
        }
        return filled
    }
}

/// Unsigned integers as big-endian bytes, for the worker pipe's frames and requests.
enum BigEndian {
    /// The low `count` bytes of `value`, most significant first.
    static func bytes(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(count - 1 - $0))) }
    }

    /// The number `bytes` spell, most significant first (at most eight).
    static func value(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
