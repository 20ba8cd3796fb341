public import Foundation

extension TextDecoding {
    /// What a spreadsheet file decoded to, and the encoding that took when it was not UTF-8 or UTF-16.
    public struct Decoded: Sendable {
        /// The text.
        public var text: String
        /// When the bytes were not UTF-8 and were read as Windows-1252: the first line that needed it.
        public var windows1252Line: Int?
    }

    /// Decodes a spreadsheet's export as `decode` does and, where that fails on a file with no
    /// NUL byte and no UTF-16 byte order mark, as Windows-1252, the encoding Excel on Windows
    /// saves "CSV" in; nil for anything else (a binary file, broken UTF-16).
    ///
    /// Each byte that is not part of a UTF-8 character is read as Windows-1252 and the rest as
    /// UTF-8: a file saved whole as Windows-1252 reads the same (its letters above 0x7F almost
    /// never form UTF-8), and one that two programs wrote a part of each keeps both parts right.
    public static func decodeSpreadsheet(_ data: Data) -> Decoded? {
        if let text = decode(data) { return Decoded(text: text, windows1252Line: nil) }
        let bom = [UInt8](data.prefix(2))
        guard bom != [0xFF, 0xFE], bom != [0xFE, 0xFF], !data.contains(0) else { return nil }
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(body.count)
        var units = body.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = body.startIndex
        loop: while true {
            switch parser.parseScalar(from: &units) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                bytes += encoded.count
            case .error(let length):
                for byte in body[bytes..<bytes + length] { scalars.append(windows1252(byte)) }
                bytes += length
            case .emptyInput:
                break loop
            }
        }
        return Decoded(text: String(scalars), windows1252Line: firstInvalid(in: data)?.line ?? 1)
    }

    /// Windows-1252's characters for 0x80 to 0x9F, as the WHATWG Encoding Standard maps them
    /// (the five bytes it leaves unassigned become the C1 controls of the same value).
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The character `byte` stands for in Windows-1252 (Latin-1 outside 0x80 to 0x9F).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(high[Int(byte) - 0x80]) ?? Unicode.Scalar(byte)
    }

    /// The line of the first byte order mark (U+FEFF) after the start of `text`, if any: two
    /// exports joined into one file, whose second header would be read as data.
    public static func strayByteOrderMark(in text: String) -> Int? {
        let utf8 = text.utf8
        var line = 1
        var previous: UInt8 = 0
        var index = utf8.startIndex
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0xEF, utf8[index...].starts(with: mark) { return line }
            if byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r")) { line += 1 }
            previous = byte
            index = utf8.index(after: index)
        }
        return nil
    }
}
