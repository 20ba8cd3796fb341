import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to the test server, for requests no HTTP client would send: odd bytes
/// in the path, huge headers, a body that never arrives.
///
/// Its calls block, so tests make them through `offPool`: a blocked thread of Swift's small
/// cooperative pool would stall the server under test, which runs on the same pool.
final class RawHTTP: @unchecked Sendable {
    // @unchecked: one test uses a connection from one thread at a time.
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds (generous: on a
    /// loaded 2-core machine running the whole suite, an answer took over 5 s).
    init(port: Int, timeout: Double = 30) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawHTTPError.system("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw RawHTTPError.system("connect")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// Sends `bytes`; false if the server has closed the connection.
    @discardableResult func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    @discardableResult func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Everything the server sends until it closes the connection or the read times out.
    func readAll() -> (bytes: [UInt8], closed: Bool) {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (result, true) }
            if count < 0 { return (result, errno == ECONNRESET) }
            result += buffer[0..<count]
        }
    }

    /// The first response's status code, read until the head is complete (or the connection ends).
    func status() -> Int? {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: result, as: UTF8.self).contains("\r\n") {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        return Self.status(of: result)
    }

    /// The status code of the first status line in `bytes`.
    static func status(of bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}

/// Runs blocking `body` on a thread of its own and waits for it without holding a pool thread.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}

enum RawHTTPError: Error {
    case system(String)
}
