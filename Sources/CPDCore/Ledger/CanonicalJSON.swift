/// A JSON value written in one canonical form: object keys sorted by their UTF-8 bytes, no
/// white space, integers only, strings escaped minimally (quote, backslash, control
/// characters). The same value always gives the same bytes, whatever the Swift version, which
/// is what log entries that are hashed and re-derived years later need.
public indirect enum CanonicalJSON: Hashable, Sendable {
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])
    case string(String)
    case integer(Int)
    /// A decimal number written as given, e.g. `3.5`; make it with `decimal(_:)`, which checks the text.
    case decimalText(String)
    case bool(Bool)
    case null

    /// `value` as a string, or null when nil.
    public static func optional(_ value: String?) -> CanonicalJSON {
        value.map(CanonicalJSON.string) ?? .null
    }

    /// A decimal such as `3.5` or `12`; nil unless `text` is digits with at most one fraction part.
    public static func decimal(_ text: String) -> CanonicalJSON? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return .decimalText(text)
    }

    /// The canonical bytes.
    public var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .string(let text):
            Self.writeString(text, to: &output)
        case .integer(let value):
            output += Array(String(value).utf8)
        case .decimalText(let text):
            output += Array(text.utf8)
        case .bool(let value):
            output += Array((value ? "true" : "false").utf8)
        case .null:
            output += Array("null".utf8)
        }
    }

    private static func writeString(_ text: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0..<0x20:
                output += Array("\\u00".utf8)
                output += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
