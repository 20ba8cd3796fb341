/// A small `multipart/form-data` reader (RFC 7578), enough for the PDF form: finds each part's
/// name, file name and bytes. Bounded: at most `maxParts` parts, headers of at most 8 KiB each.
/// The organiser console reads its uploads with it too.
public struct MultipartForm: Sendable {
    /// One part: its field name, file name, type and bytes.
    public struct Part: Sendable {
        public var name: String
        public var fileName: String?
        public var contentType: String?
        public var body: ArraySlice<UInt8>
    }

    /// Why a body is not a form.
    public enum Problem: Error, Equatable {
        case malformed(String)
    }

    public var parts: [Part]

    /// The first part called `name`.
    public func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary parameter of a `multipart/form-data` content type, or nil.
    public static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { String($0).trimmed }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ (32...126).contains($0) }) else { return nil }
            return value
        }
        return nil
    }

    /// Parses `body` split by `boundary`.
    public init(_ body: [UInt8], boundary: String, maxParts: Int = 8) throws(Problem) {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw .malformed("no boundary line") }
        position += delimiter.count
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" ends the body, else CRLF starts a part.
            if body[position...].starts(with: [45, 45]) { break }
            guard body[position...].starts(with: crlf) else { throw .malformed("a boundary line is not followed by a line break") }
            position += 2
            guard parts.count < maxParts else { throw .malformed("more than \(maxParts) parts") }
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: position, limit: 8192) else {
                throw .malformed("a part's headers do not end")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find(crlf + delimiter, in: body, from: contentStart) else { throw .malformed("a part does not end") }
            var part = Part(name: "", fileName: nil, contentType: nil, body: body[contentStart..<next])
            for line in headers.split(separator: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2 else { throw .malformed("a part header has no colon") }
                let value = String(pair[1]).trimmed
                switch String(pair[0]).trimmed.lowercased() {
                case "content-disposition":
                    let parameters = Self.parameters(value)
                    part.name = parameters["name"] ?? ""
                    part.fileName = parameters["filename"]
                case "content-type":
                    part.contentType = value
                default:
                    continue
                }
            }
            guard !part.name.isEmpty else { throw .malformed("a part has no name") }
            parts.append(part)
            position = next + 2 + delimiter.count
        }
        self.parts = parts
    }

    /// `form-data; name="pdf"; filename="a.pdf"` → ["name": "pdf", "filename": "a.pdf"].
    private static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard pair.count == 2 else { continue }
            var text = pair[1]
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            result[pair[0].lowercased()] = text
        }
        return result
    }

    /// The first index of `needle` in `haystack` at or after `start` (and, if given, within
    /// `limit` bytes of it).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, limit: Int? = nil) -> Int? {
        guard !needle.isEmpty, start >= 0 else { return nil }
        let end = min(haystack.count - needle.count, limit.map { start + $0 } ?? Int.max)
        guard start <= end else { return nil }
        let first = needle[0]
        return haystack.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { pattern in
                var index = start
                while index <= end {
                    if bytes[index] == first {
                        var matched = 1
                        while matched < pattern.count && bytes[index + matched] == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
