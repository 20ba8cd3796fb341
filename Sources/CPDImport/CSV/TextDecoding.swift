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
}
