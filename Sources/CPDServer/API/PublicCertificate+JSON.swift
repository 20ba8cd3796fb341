import CPDCore
import Foundation

extension PublicCertificate {
    /// The same bytes as `PublicCertificate.makeEncoder().encode(self)` (snake_case keys, sorted,
    /// pretty-printed, ISO 8601 dates, slashes unescaped), written directly: Codable's generic
    /// machinery was the largest cost of an API lookup. A test holds the two to byte equality.
    func apiJSON() -> [UInt8] {
        var writer = JSONWriter()
        writer.write(jsonNode)
        return writer.bytes
    }

    private var jsonNode: JSONNode {
        // Built in key order (the writer checks and sorts otherwise).
        var fields: [(String, JSONNode)] = [
            (
                "attendance",
                .object([
                    ("attended_minutes", .string(attendance.attendedMinutes)), ("live_minutes", .int(attendance.liveMinutes)),
                    ("required_minutes", .string(attendance.requiredMinutes)), ("rule", .string(attendance.rule)),
                ])
            ),
            (
                "attendee",
                .object(
                    optional("job_title", attendee.jobTitle) + [("name", .string(attendee.name))]
                        + optional("organisation", attendee.organisation))
            ),
            (
                "event",
                .object([
                    ("cpd_hours", .string(event.cpdHours)), ("date", .string(event.date)), ("format", .string(event.format)),
                    ("id", .string(event.id)), ("learning_outcomes", .array(event.learningOutcomes.map(JSONNode.string))),
                    ("times", .string(event.times)), ("title", .string(event.title)),
                ])
            ),
            ("id", .string(id)),
            ("issue_date", .string(issueDate)),
            ("issued_at", .string(JSONNode.iso8601(issuedAt))),
            ("organiser", Self.node(organiser)),
            ("pdf_sha256", .string(pdfSha256)),
            ("signatory", Self.node(signatory)),
            ("status", .string(status.rawValue)),
        ]
        if let change = statusChange {
            fields.append(
                (
                    "status_change",
                    .object(
                        [("at", .string(JSONNode.iso8601(change.at)))] + optional("reason", change.reason)
                            + optional("reason_text", change.reasonText) + optional("replaced_by", change.replacedBy)
                            + [("status", .string(change.status.rawValue))])
                ))
        }
        fields += [("template", .string(template)), ("verification_url", .string(verificationUrl))]
        return .object(fields)
    }

    private static func node(_ person: Person) -> JSONNode {
        .object([("name", .string(person.name))] + optional("role", person.role) + optional("url", person.url))
    }
}

private func optional(_ key: String, _ value: String?) -> [(String, JSONNode)] {
    value.map { [(key, .string($0))] } ?? []
}

/// A JSON value to write.
enum JSONNode {
    case string(String)
    case int(Int)
    case array([JSONNode])
    case object([(String, JSONNode)])

    /// As `JSONEncoder.DateEncodingStrategy.iso8601` writes it.
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}

/// Writes JSON as Foundation's encoder does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`: two-space indents, `"key" : value`, keys in byte order.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(2048)
    }

    mutating func write(_ node: JSONNode, indent: Int = 0) {
        switch node {
        case .string(let text): writeString(text)
        case .int(let value): bytes.append(contentsOf: String(value).utf8)
        case .array(let items):
            container(open: "[", close: "]", count: items.count, indent: indent) { writer, index in
                writer.write(items[index], indent: indent + 1)
            }
        case .object(let fields):
            // Keys are ASCII, where String's order is byte order; most objects come already sorted.
            let sorted = zip(fields, fields.dropFirst()).allSatisfy { $0.0.0 < $0.1.0 } ? fields : fields.sorted { $0.0 < $1.0 }
            container(open: "{", close: "}", count: sorted.count, indent: indent) { writer, index in
                writer.writeString(sorted[index].0)
                writer.bytes.append(contentsOf: " : ".utf8)
                writer.write(sorted[index].1, indent: indent + 1)
            }
        }
    }

    /// `open`, one indented line per element, `close`; an empty container has an empty line.
    private mutating func container(
        open: Unicode.Scalar, close: Unicode.Scalar, count: Int, indent: Int, element: (inout JSONWriter, Int) -> Void
    ) {
        bytes.append(UInt8(ascii: open))
        bytes.append(0x0A)
        if count == 0 { bytes.append(0x0A) }
        for index in 0..<count {
            pad(indent + 1)
            element(&self, index)
            bytes.append(contentsOf: (index == count - 1 ? "\n" : ",\n").utf8)
        }
        pad(indent)
        bytes.append(UInt8(ascii: close))
    }

    private mutating func pad(_ indent: Int) {
        for _ in 0..<indent { bytes.append(contentsOf: [0x20, 0x20]) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
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
        bytes.append(UInt8(ascii: "\""))
    }
}
