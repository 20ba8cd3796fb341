import HTTPTypes

/// Which request a log line belongs to, taken from the client or its proxy when it says so:
/// a well-formed `X-Request-ID` (printable ASCII, at most 128 characters), else the trace ID of a
/// valid W3C `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header), else none
/// (Hummingbird's own ID stays). Anything else the header holds is ignored, never logged.
struct RequestCorrelation: Equatable {
    /// The request ID to log and to send back as `X-Request-ID`; nil keeps the generated one.
    var requestID: String?
    /// The W3C trace ID and parent span ID, when a valid `traceparent` came.
    var traceID: String?
    var parentSpanID: String?

    static let maxRequestIDLength = 128

    init(headers: HTTPFields) {
        if let id = headers[.xRequestID], Self.isValidRequestID(id) { requestID = id }
        if let parent = headers[.traceparent], let (trace, span) = Self.parseTraceparent(parent) {
            traceID = trace
            parentSpanID = span
            if requestID == nil { requestID = trace }
        }
    }

    /// 1 to 128 visible ASCII characters (no space, no control character, nothing beyond ASCII).
    static func isValidRequestID(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...maxRequestIDLength).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// `00-<32 hex trace ID>-<16 hex span ID>-<2 hex flags>` (later versions may add fields);
    /// all-zero IDs and version ff are invalid.
    static func parseTraceparent(_ text: String) -> (trace: String, span: String)? {
        let parts = text.trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
            parts.prefix(4).allSatisfy({ $0.utf8.allSatisfy(isLowerHex) }), parts[0] != "ff", parts[0] != "00" || parts.count == 4
        else { return nil }
        guard parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }) else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
