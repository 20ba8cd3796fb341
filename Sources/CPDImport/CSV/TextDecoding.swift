public import Foundation

/// Turns file bytes into text: UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM.
public enum TextDecoding {
    /// Decodes `data`; nil when it is not valid text in any of those encodings.
    public static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xFF, 0xFE]) {
            return String(data: data.dropFirst(2), encoding: .utf16LittleEndian)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return String(data: data.dropFirst(2), encoding: .utf16BigEndian)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        return String(validating: body, as: UTF8.self)
    }

    /// Where `data`, which `decode` refused, first stops being text: the 1-based line (ends of
    /// line counted as the CSV reader counts them) and the byte offset from the file's start of
    /// the first code unit that is not part of a valid character; nil when there is none.
    public static func firstInvalid(in data: Data) -> (line: Int, offset: Int)? {
        let bom = [UInt8](data.prefix(2))
        if bom == [0xFF, 0xFE] || bom == [0xFE, 0xFF] {
            let little = bom[0] == 0xFF
            let body = data.dropFirst(2)
            var units = stride(from: body.startIndex, to: body.endIndex - 1, by: 2).lazy.map { index -> UInt16 in
                little ? UInt16(body[index + 1]) << 8 | UInt16(body[index]) : UInt16(body[index]) << 8 | UInt16(body[index + 1])
            }.makeIterator()
            return firstInvalid(&units, parser: Unicode.UTF16.ForwardParser()).map { ($0.line, 2 + 2 * $0.offset) }
        }
        var units = data.makeIterator()
        return firstInvalid(&units, parser: Unicode.UTF8.ForwardParser())
    }

    /// The line and the code-unit offset of the first invalid sequence in `units`.
    private static func firstInvalid<Parser: Unicode.Parser, Units: IteratorProtocol>(_ units: inout Units, parser: Parser)
        -> (line: Int, offset: Int)? where Units.Element == Parser.Encoding.CodeUnit
    {
        var parser = parser
        var line = 1
        var offset = 0
        var afterCR = false
        while true {
            switch parser.parseScalar(from: &units) {
            case .valid(let encoded):
                let scalar = Parser.Encoding.decode(encoded)
                // CRLF, LF and a lone CR each end one line.
                if scalar == "\r" || (scalar == "\n" && !afterCR) { line += 1 }
                afterCR = scalar == "\r"
                offset += encoded.count
            case .error:
                return (line, offset)
            case .emptyInput:
                return nil
            }
        }
    }
}
