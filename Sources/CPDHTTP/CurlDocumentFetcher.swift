import CCurl
public import CPDCore
public import Foundation

/// HTTP GET through libcurl (the CCurl wrappers CPDMail's SMTP client uses too): one easy
/// handle per document, http and https only, no redirect followed, a connect and a total
/// timeout, and a size limit, so a slow or hostile host cannot hang or flood `verify-credential`.
///
/// ```swift
/// let fetcher = CurlDocumentFetcher(timeout: 10)
/// let did = try fetcher.get(URL(string: "https://verify.example.org/.well-known/did.json")!)
/// ```
public struct CurlDocumentFetcher: DocumentFetcher {
    /// Seconds for the connection and, separately, for the whole transfer.
    public var timeout: Int
    /// The largest body accepted, in bytes.
    public var limit: Int

    /// A fetcher with `timeout` seconds and a `limit` of 16 MB (a status list of 100 million
    /// credentials, uncompressed, is 12.5 MB).
    public init(timeout: Int = 10, limit: Int = 16 << 20) {
        self.timeout = timeout
        self.limit = limit
    }

    public func get(_ url: URL) throws(FetchError) -> Data {
        let text = url.absoluteString
        Self.initialiseOnce
        guard let handle = curl_easy_init() else { throw .unreachable(url: text, reason: "libcurl could not make a handle") }
        defer { curl_easy_cleanup(handle) }
        let body = Body(limit: limit)
        var status = cpdcert_curl_setopt_string(handle, CURLOPT_URL, text)
        status = status == CURLE_OK ? cpdcert_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https") : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeout) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeout) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_string(handle, CURLOPT_USERAGENT, "cpdcert/\(BuildInfo.version)") : status
        status = status == CURLE_OK ? cpdcert_curl_setopt_write(handle, Body.callback) : status
        status =
            status == CURLE_OK ? cpdcert_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(body).toOpaque()) : status
        guard status == CURLE_OK else {
            throw .unreachable(url: text, reason: "libcurl refused a setting (\(String(cString: curl_easy_strerror(status))))")
        }
        let result = withExtendedLifetime(body) { curl_easy_perform(handle) }
        guard result == CURLE_OK else {
            if result == CURLE_WRITE_ERROR, body.overflowed {
                throw .unreachable(url: text, reason: "the answer is larger than \(limit) bytes")
            }
            throw .unreachable(url: text, reason: String(cString: curl_easy_strerror(result)))
        }
        var code = 0
        _ = cpdcert_curl_response_code(handle, &code)
        guard code == 200 else { throw .status(url: text, code: code) }
        return body.data
    }

    private static let initialiseOnce: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
}

/// The answer's bytes as libcurl hands them over, up to a limit.
private final class Body {
    let limit: Int
    var data = Data()
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    /// Returning less than given makes libcurl stop with CURLE_WRITE_ERROR.
    static let callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let body = Unmanaged<Body>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard body.data.count + length <= body.limit else {
            body.overflowed = true
            return 0
        }
        body.data.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
        return length
    }
}
