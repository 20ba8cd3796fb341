import Crypto
public import Foundation

/// Lower-case hexadecimal SHA-256.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The SHA-256 of `data` as 64 lower-case hex digits.
    public static func sha256(_ data: Data) -> String {
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
