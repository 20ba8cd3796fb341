import CZlib
public import Foundation

/// GZIP (RFC 1952) through zlib, as the Bitstring Status List's `encodedList` requires. The
/// header's time is zero and its level fixed, so the same bits give the same bytes.
public enum Gzip {
    /// `bytes` compressed.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip wrapper with mtime 0 and no file name.
        guard
            deflateInit2_(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { preconditionFailure("zlib's deflateInit2 refused fixed, valid parameters") }
        defer { deflateEnd(&stream) }
        let capacity = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        let output = run(&stream, bytes, capacity: capacity) { deflate(&$0, Z_FINISH) }
        guard let output else { preconditionFailure("zlib's deflate did not finish into a buffer of deflateBound's size") }
        return output
    }

    /// The bytes of a gzip stream; nil when it is not one or inflates past `limit` bytes.
    public static func decompress(_ bytes: [UInt8], limit: Int = 16 << 20) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        return run(&stream, bytes, capacity: limit) { inflate(&$0, Z_FINISH) }
    }

    /// Runs `step` once over all of `input` into a buffer of `capacity` bytes; the output, or nil
    /// unless the stream ended.
    private static func run(_ stream: inout z_stream, _ input: [UInt8], capacity: Int, step: (inout z_stream) -> Int32) -> [UInt8]? {
        var input = input
        var output = [UInt8](repeating: 0, count: capacity)
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return step(&stream)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        return Array(output[0..<Int(stream.total_out)])
    }
}
