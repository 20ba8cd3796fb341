import CCurl
public import CPDCore
public import Foundation

/// SMTP through libcurl: one easy handle for the whole batch, so every message goes over the
/// connection the first one opened (libcurl keeps it open between transfers to the same server;
/// see CURLOPT_MAXCONNECTS and curl_easy_perform(3)). Each message's last reply code and text
/// are read as they arrive (the debug callback's CURLINFO_HEADER_IN lines), never what was sent,
/// so the credentials never reach a log.
///
/// Not `Sendable`: a curl easy handle must not be used from two threads at once.
///
/// ```swift
/// let transport = try CurlSMTPTransport(SMTPSettings(url: "smtp://relay.example.org:587", tls: .required, user: u, password: p))
/// let reply = try transport.send(message.mime(), from: "cpd@policyforesight.example.org", to: "sian.llywelyn@example.org", id: id)
/// ```
public final class CurlSMTPTransport: MailTransport {
    private let handle: UnsafeMutableRawPointer
    private let settings: SMTPSettings
    private let transcript = Transcript()
    /// Transfers made; the first one connects.
    public private(set) var messagesSent = 0

    /// Opens a handle configured from `settings` (the connection is made by the first message).
    public init(_ settings: SMTPSettings) throws(SMTPError) {
        Self.initialiseOnce
        guard let handle = curl_easy_init() else { throw SMTPError("libcurl could not make a handle (out of memory?)") }
        self.handle = handle
        self.settings = settings
        let lower = settings.url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
            curl_easy_cleanup(handle)
            throw SMTPError("--smtp '\(settings.url)': use smtp://host:port (STARTTLS) or smtps://host:port (TLS from the start)")
        }
        var status = cpdcert_curl_setopt_string(handle, CURLOPT_URL, settings.url)
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_UPLOAD, 1) : status
        let ssl = lower.hasPrefix("smtps://") || settings.tls == .required ? CURLUSESSL_ALL : CURLUSESSL_TRY
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(ssl.rawValue)) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, settings.timeout) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_TIMEOUT, settings.timeout) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) : status
        if let user = settings.user, let password = settings.password {
            status = status == CURLE_OK ? cpdcert_curl_setopt_string(handle, CURLOPT_USERNAME, user) : status
            status = status == CURLE_OK ? cpdcert_curl_setopt_string(handle, CURLOPT_PASSWORD, password) : status
        }
        if let ca = settings.caFile { status = status == CURLE_OK ? cpdcert_curl_setopt_string(handle, CURLOPT_CAINFO, ca) : status }
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_VERBOSE, 1) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_debug(handle, Transcript.callback) : status
        status =
            status == CURLE_OK
            ? cpdcert_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque()) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_read(handle, Body.callback) : status
        guard status == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(status))
            curl_easy_cleanup(handle)
            throw SMTPError("libcurl refused a setting (\(text)); is libcurl built with SMTP?")
        }
    }

    deinit {
        // Sends QUIT on the open connection, then closes it.
        curl_easy_cleanup(handle)
    }

    public func send(_ data: Data, from: String, to: String, id: CertificateID) throws(SMTPError) -> SMTPReply {
        let body = Body(data)
        let recipients = curl_slist_append(nil, "<\(to)>")
        defer { curl_slist_free_all(recipients) }
        var status = cpdcert_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
        status = status == CURLE_OK ? cpdcert_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients) : status
        status =
            status == CURLE_OK ? cpdcert_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(body).toOpaque()) : status
        status =
            status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_INFILESIZE_LARGE, data.count) : status
        guard status == CURLE_OK else {
            throw SMTPError("libcurl refused the message's envelope: \(String(cString: curl_easy_strerror(status)))")
        }
        transcript.reset()
        let result = withExtendedLifetime(body) { curl_easy_perform(handle) }
        lastDataHandedOver = body.handedOver
        messagesSent += 1
        var code = 0
        _ = cpdcert_curl_response_code(handle, &code)
        let replyText = transcript.lastReply
        switch result {
        case CURLE_OK:
            return SMTPReply(code: code == 0 ? 250 : code, text: replyText)
        case CURLE_LOGIN_DENIED:
            throw SMTPError(
                "\(settings.url) refused the login (\(replyText.isEmpty ? "no reply" : replyText)); check CPDCERT_SMTP_USER and the password (CPDCERT_SMTP_PASSWORD or --smtp-password-file)"
            )
        case CURLE_USE_SSL_FAILED:
            throw SMTPError(
                "\(settings.url) does not offer STARTTLS and --smtp-tls required forbids sending in clear; use smtps:// or a relay that offers TLS"
            )
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR:
            throw SMTPError(
                "\(settings.url): the TLS connection failed (\(String(cString: curl_easy_strerror(result)))); for a relay with a private CA pass its certificate with --smtp-ca FILE"
            )
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_UNSUPPORTED_PROTOCOL:
            throw SMTPError(
                "cannot reach \(settings.url) (\(String(cString: curl_easy_strerror(result)))); check the host and port of --smtp")
        default:
            // A reply to the envelope or the data (4xx, 5xx), else a timeout or a dropped connection.
            if code >= 400 { return SMTPReply(code: code, text: transcript.lastRefusal.isEmpty ? replyText : transcript.lastRefusal) }
            return SMTPReply(code: nil, text: "\(String(cString: curl_easy_strerror(result)))\(replyText.isEmpty ? "" : ": " + replyText)")
        }
    }

    /// When libcurl took the last byte of the latest message to send (after which the server
    /// may accept it even if this process dies): the start of the in-flight window, for
    /// `CPDCERT_SEND_TIMING`.
    public private(set) var lastDataHandedOver: Date?

    private static let initialiseOnce: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
}

/// The server's replies since the last command: CURLINFO_HEADER_IN lines, cleared at each
/// CURLINFO_HEADER_OUT (a command, which may hold credentials and is never kept).
private final class Transcript {
    private var lines: [String] = []
    /// The last reply line with a 4xx or 5xx code: libcurl may send RSET after a refusal, whose
    /// 250 is then the last reply.
    private(set) var lastRefusal = ""

    func reset() {
        lines = []
        lastRefusal = ""
    }

    /// The last reply: its final line and the `NNN-` lines before it (RFC 5321 §4.2.1).
    var lastReply: String {
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard let last = trimmed.last else { return "" }
        let continuation = String(last.prefix(3)) + "-"
        let before = trimmed.dropLast().reversed().prefix { $0.hasPrefix(continuation) }.reversed()
        return (before + [last]).joined(separator: " ")
    }

    static let callback:
        @convention(c) (UnsafeMutableRawPointer?, curl_infotype, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?)
            -> Int32 = { _, type, data, size, context in
                guard let context, let data else { return 0 }
                let transcript = Unmanaged<Transcript>.fromOpaque(context).takeUnretainedValue()
                if type == CURLINFO_HEADER_OUT {
                    transcript.lines = []
                } else if type == CURLINFO_HEADER_IN {
                    let bytes = UnsafeRawBufferPointer(start: data, count: size)
                    let line = String(decoding: bytes, as: UTF8.self)
                    transcript.lines.append(line)
                    if let first = line.first, first == "4" || first == "5" {
                        transcript.lastRefusal = line.trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                }
                return 0
            }
}

/// The message's bytes, handed to libcurl as it asks for them.
private final class Body {
    private let data: Data
    private var offset = 0
    /// When libcurl took the last bytes (it knows the size, so it asks no more): it sends them
    /// and the end-of-data line next.
    private(set) var handedOver: Date?

    init(_ data: Data) { self.data = data }

    static let callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let body = Unmanaged<Body>.fromOpaque(context).takeUnretainedValue()
        let length = min(size * count, body.data.count - body.offset)
        guard length > 0 else { return 0 }
        body.data.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress!.advanced(by: body.offset), byteCount: length)
        }
        body.offset += length
        if body.offset == body.data.count { body.handedOver = Date() }
        return length
    }
}
