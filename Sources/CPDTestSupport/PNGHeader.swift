public import Foundation

/// The width and height in a PNG's IHDR chunk; nil when the bytes are not a PNG.
public struct PNGHeader: Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    /// A header with these dimensions, to compare with.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Reads the header of `data`.
    public init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0...7] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func integer(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        width = integer(16)
        height = integer(20)
    }

    public var description: String { "\(width) × \(height) px" }
}
