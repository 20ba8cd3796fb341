import CPDCore
import Foundation

/// The compact binary form of `CertificateContent` sent to a render worker: every string as a
/// 4-byte big-endian length and its UTF-8 bytes, an optional as a presence byte, the issue
/// instant as the bit pattern of its `Double`. A few microseconds per certificate, where
/// Foundation's JSON coders took a noticeable share of the parallel batch's CPU; only the two
/// ends of the worker pipe, built from the same binary, ever read it.
///
/// ```swift
/// let bytes = ContentCodec.encode(content)
/// let same = try ContentCodec.decode(bytes)   // == content
/// ```
enum ContentCodec {
    /// The bytes did not hold a whole content (truncated, or not written by `encode`).
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "a render request is not a certificate's content (truncated or corrupt)" }
    }

    static func encode(_ content: CertificateContent) -> [UInt8] {
        var writer = Writer()
        writer.string(content.certificateID)
        writer.string(content.verificationURL)
        writer.string(content.attendeeName)
        writer.optional(content.jobTitle)
        writer.optional(content.organisation)
        writer.string(content.eventTitle)
        writer.string(content.eventFormat)
        writer.string(content.eventDate)
        writer.string(content.eventTimes)
        writer.string(content.cpdHours)
        writer.count(content.learningOutcomes.count)
        for outcome in content.learningOutcomes { writer.string(outcome) }
        writer.string(content.organiserName)
        writer.optional(content.organiserURL)
        writer.string(content.signatoryName)
        writer.string(content.signatoryRole)
        writer.string(content.issueDate)
        writer.word(content.issuedAt.timeIntervalSince1970.bitPattern)
        if let localized = content.localized {
            writer.flag(true)
            // Sorted, so one content always encodes to the same bytes.
            writer.count(localized.count)
            for (locale, values) in localized.sorted(by: { $0.key < $1.key }) {
                writer.string(locale)
                writer.string(values.eventDate)
                writer.string(values.issueDate)
                writer.string(values.cpdHours)
            }
        } else {
            writer.flag(false)
        }
        return writer.bytes
    }

    static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(Malformed) -> CertificateContent {
        var reader = Reader(Array(bytes))
        let certificateID = try reader.string()
        let verificationURL = try reader.string()
        let attendeeName = try reader.string()
        let jobTitle = try reader.optional()
        let organisation = try reader.optional()
        let eventTitle = try reader.string()
        let eventFormat = try reader.string()
        let eventDate = try reader.string()
        let eventTimes = try reader.string()
        let cpdHours = try reader.string()
        var learningOutcomes: [String] = []
        for _ in 0..<(try reader.count()) { learningOutcomes.append(try reader.string()) }
        let organiserName = try reader.string()
        let organiserURL = try reader.optional()
        let signatoryName = try reader.string()
        let signatoryRole = try reader.string()
        let issueDate = try reader.string()
        let issuedAt = Date(timeIntervalSince1970: Double(bitPattern: try reader.word()))
        var localized: [String: LocalizedValues]?
        if try reader.flag() {
            var values: [String: LocalizedValues] = [:]
            for _ in 0..<(try reader.count()) {
                let locale = try reader.string()
                values[locale] = LocalizedValues(
                    eventDate: try reader.string(), issueDate: try reader.string(), cpdHours: try reader.string())
            }
            localized = values
        }
        guard reader.atEnd else { throw Malformed() }
        return CertificateContent(
            certificateID: certificateID, verificationURL: verificationURL, attendeeName: attendeeName, jobTitle: jobTitle,
            organisation: organisation, eventTitle: eventTitle, eventFormat: eventFormat, eventDate: eventDate, eventTimes: eventTimes,
            cpdHours: cpdHours, learningOutcomes: learningOutcomes, organiserName: organiserName, organiserURL: organiserURL,
            signatoryName: signatoryName, signatoryRole: signatoryRole, issueDate: issueDate, issuedAt: issuedAt, localized: localized)
    }

    private struct Writer {
        var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(2048)
        }

        mutating func count(_ value: Int) {
            bytes.append(contentsOf: BigEndian.bytes(UInt64(UInt32(value)), count: 4))
        }

        mutating func word(_ value: UInt64) {
            bytes.append(contentsOf: BigEndian.bytes(value, count: 8))
        }

        mutating func flag(_ value: Bool) {
            bytes.append(value ? 1 : 0)
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional(_ value: String?) {
            flag(value != nil)
            if let value { string(value) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var atEnd: Bool { offset == bytes.count }

        mutating func count() throws(Malformed) -> Int {
            guard bytes.count - offset >= 4 else { throw Malformed() }
            defer { offset += 4 }
            return Int(BigEndian.value(bytes[offset..<offset + 4]))
        }

        mutating func word() throws(Malformed) -> UInt64 {
            guard bytes.count - offset >= 8 else { throw Malformed() }
            defer { offset += 8 }
            return BigEndian.value(bytes[offset..<offset + 8])
        }

        mutating func flag() throws(Malformed) -> Bool {
            guard offset < bytes.count, bytes[offset] <= 1 else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset] == 1
        }

        mutating func string() throws(Malformed) -> String {
            let length = try count()
            guard bytes.count - offset >= length, let text = String(validating: bytes[offset..<offset + length], as: UTF8.self) else {
                throw Malformed()
            }
            offset += length
            return text
        }

        mutating func optional() throws(Malformed) -> String? {
            try flag() ? try string() : nil
        }
    }
}
