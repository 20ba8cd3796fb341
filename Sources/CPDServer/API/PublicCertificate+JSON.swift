import CPDCore
import Foundation

extension PublicCertificate {
    /// The same bytes as `PublicCertificate.makeEncoder().encode(self)` (snake_case keys, sorted,
    /// pretty-printed, ISO 8601 dates, slashes unescaped), written directly: Codable's generic
    /// machinery was the largest cost of an API lookup. A test holds the two to byte equality.
    /// Keys are written in byte order by hand; a new field needs a line here in its place.
    func apiJSON() -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("attendance")
        json.beginObject()
        json.field("attended_minutes", attendance.attendedMinutes)
        json.field("live_minutes", attendance.liveMinutes)
        json.field("required_minutes", attendance.requiredMinutes)
        json.field("rule", attendance.rule)
        json.endObject()
        json.key("attendee")
        json.beginObject()
        json.optional("job_title", attendee.jobTitle)
        json.field("name", attendee.name)
        json.optional("organisation", attendee.organisation)
        json.endObject()
        json.key("event")
        json.beginObject()
        json.field("cpd_hours", event.cpdHours)
        json.field("date", event.date)
        json.field("format", event.format)
        json.field("id", event.id)
        json.key("learning_outcomes")
        json.array(event.learningOutcomes)
        json.field("times", event.times)
        json.field("title", event.title)
        json.endObject()
        json.field("id", id)
        json.field("issue_date", issueDate)
        json.field("issued_at", issuedAt)
        json.key("organiser")
        json.person(organiser)
        json.field("pdf_sha256", pdfSha256)
        json.key("signatory")
        json.person(signatory)
        json.field("status", status.rawValue)
        if let change = statusChange {
            json.key("status_change")
            json.beginObject()
            json.field("at", change.at)
            json.optional("current_certificate", change.currentCertificate)
            json.optional("reason", change.reason)
            json.optional("reason_text", change.reasonText)
            json.optional("replaced_by", change.replacedBy)
            if let chain = change.replacementChain {
                json.key("replacement_chain")
                json.array(chain)
            }
            json.field("status", change.status.rawValue)
            json.endObject()
        }
        json.optional("supersedes", supersedes)
        json.field("template", template)
        json.field("verification_url", verificationUrl)
        json.endObject()
        return json.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func person(_ person: PublicCertificate.Person) {
        beginObject()
        field("name", person.name)
        optional("role", person.role)
        optional("url", person.url)
        endObject()
    }
}

/// Writes JSON as Foundation's encoder does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`: two-space indents, `"key" : value`, an empty container as an
/// empty line. The caller writes keys in byte order and closes what it opens. Containers are
/// opened and closed by calls rather than closures: a closure that captured the value being
/// written copied it, a retain and a release for each of its strings.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Bit n set: the container open at depth n has a member already (nesting stays far below 64).
    private var hasMembers: UInt64 = 0

    init() {
        bytes.reserveCapacity(2048)
    }

    /// A member whose value is `date` as `appendISO8601` writes it, in place.
    mutating func field(_ name: StaticString, _ date: Date) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        Self.appendISO8601(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `date` as `JSONEncoder.DateEncodingStrategy.iso8601` writes it
    /// (`2026-11-29T09:30:00Z`, whole seconds, UTC: digits, `-`, `:`, `T` and `Z`, nothing a JSON
    /// string escapes), by arithmetic: the calendar machinery behind `Date.ISO8601FormatStyle`
    /// was a visible share of a lookup. Years outside 1970-9999 are left to Foundation; a test
    /// holds the two equal.
    static func appendISO8601(_ date: Date, to text: inout [UInt8]) {
        let reference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard reference.isFinite, let whole = Int(exactly: reference), (-978_307_200..<252_423_993_600).contains(whole) else {
            text.append(contentsOf: date.formatted(Date.ISO8601FormatStyle()).utf8)
            return
        }
        let seconds = whole + 978_307_200  // since 1970, up to the end of 9999
        let (year, month, day) = civilDate(daysSince1970: seconds / 86_400)
        let time = seconds % 86_400
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        text.append(UInt8(ascii: "-"))
        digits(month, 2)
        text.append(UInt8(ascii: "-"))
        digits(day, 2)
        text.append(UInt8(ascii: "T"))
        digits(time / 3600, 2)
        text.append(UInt8(ascii: ":"))
        digits(time / 60 % 60, 2)
        text.append(UInt8(ascii: ":"))
        digits(time % 60, 2)
        text.append(UInt8(ascii: "Z"))
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (days >= 0), after Howard Hinnant's
    /// `civil_from_days`.
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func array(_ items: [String]) {
        open(UInt8(ascii: "["))
        for item in items {
            nextMember()
            string(item)
        }
        close(UInt8(ascii: "]"))
    }

    /// Starts a member of the open object: `"name" : `.
    mutating func key(_ name: StaticString) {
        nextMember()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        // `" : `, byte by byte: appending a literal's UTF-8 view went through a retained String.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(0x20)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
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

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        hasMembers &= ~(1 << depth)
    }

    private mutating func close(_ bracket: UInt8) {
        let empty = hasMembers & (1 << depth) == 0
        depth -= 1
        if empty { bytes.append(0x0A) }
        bytes.append(0x0A)
        pad()
        bytes.append(bracket)
    }

    /// A new line (after a comma unless first) indented to the current depth.
    private mutating func nextMember() {
        if hasMembers & (1 << depth) != 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        hasMembers |= 1 << depth
        pad()
    }

    private mutating func pad() {
        for _ in 0..<depth * 2 { bytes.append(0x20) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Borrowed in place (a native string is contiguous); `var` + `withUTF8` copied it first.
        if text.utf8.withContiguousStorageIfAvailable({ append(escaping: $0) }) == nil {
            var text = text
            text.withUTF8 { append(escaping: $0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func append(escaping utf8: UnsafeBufferPointer<UInt8>) {
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
