public import Foundation

extension MailMessage {
    /// The message as RFC 5322 bytes with CRLF line ends: multipart/mixed holding a
    /// multipart/alternative (text/plain, then text/html, both UTF-8 in base64) and each attachment
    /// in base64 under its RFC 2231 file name. The same message gives the same bytes.
    public func mime() -> Data {
        // Base64 never holds '_' or '.', so these boundaries cannot occur inside a part.
        let token = String(messageID.dropFirst().prefix { $0 != "." && $0 != "@" }.filter { $0.isLetter || $0.isNumber }.prefix(32))
        let mixed = "=_cpdcert.mixed.\(token)"
        let alternative = "=_cpdcert.alternative.\(token)"
        var headers = [
            "From: \(from.header)",
            "To: \(to.header)",
            "Subject: \(EncodedWord.header(subject))",
            "Date: \(Self.dateFormatter.string(from: date))",
            "Message-ID: \(messageID)",
        ]
        if !references.isEmpty { headers.append("References: \(references.joined(separator: " "))") }
        headers += ["MIME-Version: 1.0", "Content-Type: multipart/mixed;\r\n boundary=\"\(mixed)\""]
        var out = headers.joined(separator: "\r\n") + "\r\n\r\n"
        out += "This is a message in MIME format: a text and an HTML part,\r\nand the certificate attached.\r\n"
        out += "--\(mixed)\r\nContent-Type: multipart/alternative;\r\n boundary=\"\(alternative)\"\r\n\r\n"
        out += "--\(alternative)\r\n" + Self.textPart("text/plain", text)
        out += "--\(alternative)\r\n" + Self.textPart("text/html", html)
        out += "--\(alternative)--\r\n"
        for attachment in attachments {
            out += "--\(mixed)\r\n"
            out += "Content-Type: \(attachment.contentType)\r\n"
            out += "Content-Disposition: attachment;\r\n \(FileNameParameter.parameter(attachment.fileName))\r\n"
            out += "Content-Transfer-Encoding: base64\r\n\r\n"
            out += Base64Lines.body(attachment.data)
        }
        out += "--\(mixed)--\r\n"
        return Data(out.utf8)
    }

    private static func textPart(_ type: String, _ body: String) -> String {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines.body(Data(normalised.utf8))
    }

    /// RFC 5322 §3.3 dates, in UTC.
    private static var dateFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter
    }
}
