import CPDCore
import Foundation

extension PublicCertificate {
    /// The same bytes as `PublicCertificate.makeEncoder().encode(self)` (snake_case keys, sorted,
    /// pretty-printed, ISO 8601 dates, slashes unescaped), written directly: Codable's generic
    /// machinery was the largest cost of an API lookup. A test holds the two to byte equality.
    /// Keys are written in byte order by hand; a new field needs a line here in its place.
    func apiJSON() -> [UInt8] {
        var json = JSONWriter()
        json.object { json in
            json.key("attendance")
            json.object { json in
                json.field("attended_minutes", attendance.attendedMinutes)
                json.field("live_minutes", attendance.liveMinutes)
                json.field("required_minutes", attendance.requiredMinutes)
                json.field("rule", attendance.rule)
            }
            json.key("attendee")
            json.object { json in
                json.optional("job_title", attendee.jobTitle)
                json.field("name", attendee.name)
                json.optional("organisation", attendee.organisation)
            }
            json.key("event")
            json.object { json in
                json.field("cpd_hours", event.cpdHours)
                json.field("date", event.date)
                json.field("format", event.format)
                json.field("id", event.id)
                json.key("learning_outcomes")
                json.array(event.learningOutcomes)
                json.field("times", event.times)
                json.field("title", event.title)
            }
            json.field("id", id)
            json.field("issue_date", issueDate)
            json.field("issued_at", JSONWriter.iso8601(issuedAt))
            json.key("organiser")
            json.person(organiser)
            json.field("pdf_sha256", pdfSha256)
            json.key("signatory")
            json.person(signatory)
            json.field("status", status.rawValue)
            if let change = statusChange {
                json.key("status_change")
                json.object { json in
                    json.field("at", JSONWriter.iso8601(change.at))
                    json.optional("reason", change.reason)
                    json.optional("reason_text", change.reasonText)
                    json.optional("replaced_by", change.replacedBy)
                    json.field("status", change.status.rawValue)
                }
            }
            json.optional("supersedes", supersedes)
            json.field("template", template)
            json.field("verification_url", verificationUrl)
        }
        return json.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func person(_ person: PublicCertificate.Person) {
        object { json in
            json.field("name", person.name)
            json.optional("role", person.role)
            json.optional("url", person.url)
        }
    }
}

/// Writes JSON as Foundation's encoder does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`: two-space indents, `"key" : value`, an empty container as an
/// empty line. The caller writes keys in byte order.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Members written so far in the innermost open container.
    private var members = 0

    init() {
        bytes.reserveCapacity(2048)
    }

    /// As `JSONEncoder.DateEncodingStrategy.iso8601` writes it.
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    mutating func array(_ items: [String]) {
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { json in
            for item in items {
                json.nextMember()
                json.string(item)
            }
        }
    }

    /// Starts a member of the open object: `"name" : `.
    mutating func key(_ name: StaticString) {
        nextMember()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: "\" : ".utf8)
    }

    /// A member with a string value.
    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// A member with a number value.
    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A member whose absence (nil) leaves the key out, as Codable's synthesised `encodeIfPresent` does.
    mutating func optional(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        field(name, value)
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONWriter) -> Void) {
        bytes.append(open)
        let outer = members
        members = 0
        depth += 1
        body(&self)
        depth -= 1
        if members == 0 { bytes.append(0x0A) }
        bytes.append(0x0A)
        pad()
        bytes.append(close)
        members = outer
    }

    /// A new line (after a comma unless first) indented to the current depth.
    private mutating func nextMember() {
        if members > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        members += 1
        pad()
    }

    private mutating func pad() {
        for _ in 0..<depth * 2 { bytes.append(0x20) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var plain = true
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                plain = false
                break
            }
            if plain {
                // Nearly every value: nothing to escape, copied in one go.
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 { escaped(byte) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]])
        default: bytes.append(byte)
        }
    }
}
