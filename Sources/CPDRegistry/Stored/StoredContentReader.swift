package import CPDCore
package import Foundation

/// Reads a certificate's frozen content as `CertificateRow.encoder` wrote it (canonical JSON:
/// camelCase keys, ISO 8601 dates to the second), without Foundation's `JSONDecoder`, which
/// was most of the cost of reading one certificate. It answers nil for anything it is not sure
/// of (an unknown or repeated key, a number, a date with a fraction, bytes after the object);
/// the caller then decodes with `JSONDecoder`, which stays the authority on the format.
package struct StoredContentReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// The content in `text`, or nil when only `JSONDecoder` should judge it.
    package static func content(_ text: String) -> CertificateContent? {
        var text = text
        return text.withUTF8 { content($0) }
    }

    /// The content in the UTF-8 `bytes`, or nil when only `JSONDecoder` should judge it.
    static func content(_ bytes: UnsafeBufferPointer<UInt8>) -> CertificateContent? {
        var reader = StoredContentReader(bytes: bytes)
        guard let content = reader.content(), reader.atEnd else { return nil }
        return content
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }

    private enum Key: Int, CaseIterable {
        case certificateID, verificationURL, attendeeName, jobTitle, organisation, eventTitle, eventFormat, eventDate
        case eventTimes, cpdHours, learningOutcomes, organiserName, organiserURL, signatoryName, signatoryRole
        case issueDate, issuedAt, localized

        /// Each key's name as UTF-8, in case order.
        static let names: [[UInt8]] = allCases.map { Array("\($0)".utf8) }

        init?(_ name: UnsafeBufferPointer<UInt8>) {
            // Lengths first: most names are told apart without comparing a byte.
            guard
                let index = Self.names.firstIndex(where: { candidate in
                    candidate.count == name.count
                        && candidate.withUnsafeBufferPointer { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
                })
            else { return nil }
            self.init(rawValue: index)
        }
    }

    private mutating func content() -> CertificateContent? {
        var text = [String?](repeating: nil, count: Key.allCases.count)
        var learningOutcomes: [String]?
        var issuedAt: Date?
        var localized: [String: LocalizedValues]?
        var seen: UInt32 = 0
        let complete = object { reader, name in
            guard let key = Key(name), seen & 1 << key.rawValue == 0 else { return false }
            seen |= 1 << key.rawValue
            switch key {
            case .learningOutcomes:
                learningOutcomes = reader.stringArray()
                return learningOutcomes != nil
            case .issuedAt:
                issuedAt = reader.plainString().flatMap { StoredTimestamp.date($0) }
                return issuedAt != nil
            case .localized:
                if reader.null() { return true }
                localized = reader.localizedValues()
                return localized != nil
            case .jobTitle, .organisation, .organiserURL:
                if reader.null() { return true }
                fallthrough
            default:
                text[key.rawValue] = reader.string()
                return text[key.rawValue] != nil
            }
        }
        // Moved out, not copied: each copy of a string is a retain now and a release when `text` goes.
        func value(_ key: Key) -> String? { text[key.rawValue].take() }
        guard complete, let learningOutcomes, let issuedAt, let certificateID = value(.certificateID),
            let verificationURL = value(.verificationURL), let attendeeName = value(.attendeeName),
            let eventTitle = value(.eventTitle), let eventFormat = value(.eventFormat), let eventDate = value(.eventDate),
            let eventTimes = value(.eventTimes), let cpdHours = value(.cpdHours), let organiserName = value(.organiserName),
            let signatoryName = value(.signatoryName), let signatoryRole = value(.signatoryRole), let issueDate = value(.issueDate)
        else { return nil }
        return CertificateContent(
            certificateID: certificateID, verificationURL: verificationURL, attendeeName: attendeeName, jobTitle: value(.jobTitle),
            organisation: value(.organisation), eventTitle: eventTitle, eventFormat: eventFormat, eventDate: eventDate,
            eventTimes: eventTimes, cpdHours: cpdHours, learningOutcomes: learningOutcomes, organiserName: organiserName,
            organiserURL: value(.organiserURL), signatoryName: signatoryName, signatoryRole: signatoryRole, issueDate: issueDate,
            issuedAt: issuedAt, localized: localized)
    }

    /// `{"cy":{"cpdHours":…,"eventDate":…,"issueDate":…}, …}`.
    private mutating func localizedValues() -> [String: LocalizedValues]? {
        var result: [String: LocalizedValues] = [:]
        let complete = object { reader, localeName in
            let locale = String(decoding: localeName, as: UTF8.self)
            guard result[locale] == nil else { return false }
            var fields: [String: String] = [:]
            let read = reader.object { reader, nameBytes in
                let name = String(decoding: nameBytes, as: UTF8.self)
                guard ["cpdHours", "eventDate", "issueDate"].contains(name), fields[name] == nil, let value = reader.string()
                else { return false }
                fields[name] = value
                return true
            }
            guard read, let eventDate = fields["eventDate"], let issueDate = fields["issueDate"], let cpdHours = fields["cpdHours"]
            else { return false }
            result[locale] = LocalizedValues(eventDate: eventDate, issueDate: issueDate, cpdHours: cpdHours)
            return true
        }
        return complete ? result : nil
    }

    /// `{ "key": value, … }`, calling `member` after each key with the reader at its value;
    /// false when the syntax is off or `member` returns false. Keys with escapes are declined
    /// (the registry writes none).
    private mutating func object(_ member: (inout StoredContentReader, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let name = plainString(), take(UInt8(ascii: ":")), member(&self, name) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// Moves over a string's bytes that need no unescaping: true after its closing quote, false
    /// at a backslash, nil at a control character or the end of the input.
    private mutating func skipPlain() -> Bool? {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return true
            case UInt8(ascii: "\\"):
                return false
            case 0..<0x20:
                return nil
            default:
                index += 1
            }
        }
        return nil
    }

    private mutating func stringArray() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [String] = []
        if take(UInt8(ascii: "]")) { return items }
        items.reserveCapacity(16)  // an event's learning outcomes, without regrowing
        repeat {
            guard let item = string() else { return nil }
            items.append(item)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    private mutating func null() -> Bool {
        skipSpace()
        guard bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    /// A JSON string; nil for a raw control character, a bad escape or a lone surrogate.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        switch skipPlain() {
        case true?: return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
        case false?: return escapedString(from: start)
        case nil: return nil
        }
    }

    /// A JSON string without escapes or control characters (a value, or a key), as its bytes in
    /// place; nil for anything else.
    private mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        guard skipPlain() == true else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
    }

    /// The rest of a string that has escapes, from its first byte at `start`.
    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case 0..<0x20:
                return nil
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                utf8.append(byte)
            }
        }
        return nil
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
            index += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Skips white space, then takes `byte` if it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
