import Foundation

/// Base64 as MIME bodies carry it (RFC 2045 §6.8): lines of 76 characters ending in CRLF.
enum Base64Lines {
    /// `bytes` in base64, on one line.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// `data` in base64, broken into CRLF-terminated lines of 76 characters.
    static func body(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
    }
}
