public import Foundation

/// A certificate's public record as its log entries state it: what an offline check compares a
/// bundle's record with, field by field, so that nothing a bundle shows goes unchecked.
/// The entry shapes are `TransparencyEntry`'s canonical JSON (version 1).
public enum LoggedRecord {
    public struct IssueEntry: Decodable {
        public var type: String
        public var version: Int
        public var certificate: Issued
    }

    public struct Issued: Decodable {
        public struct Template: Decodable {
            public var name: String
        }
        public var id: String
        public var eventID: String
        public var supersedes: String?
        public var issuedAt: Date
        public var template: Template
        public var pdfSha256: String
        public var eligibility: Eligibility
        /// The printed values, read into the type they were written from.
        public var printed: CertificateContent
    }

    public struct ChangeEntry: Decodable {
        public var type: String
        public var version: Int
        public var change: Change
    }

    public struct Change: Decodable {
        public var certificateID: String
        public var status: CertificateStatus
        public var reason: String?
        public var at: Date
        public var replacedBy: String?
    }

    public struct CredentialEntry: Decodable {
        public var type: String
        public var version: Int
        public var credential: Credential
    }

    public struct Credential: Decodable {
        public var certificateID: String
        public var statusIndex: Int
        public var sha256: String
    }

    /// One proven entry, read: an issue, a status change or a signed credential.
    public enum Entry {
        case issued(Issued)
        case changed(Change)
        case credential(Credential)
    }

    /// Reads an entry's canonical bytes; nil for anything that is not a version-1 issue, status change or credential.
    public static func read(_ bytes: [UInt8]) -> Entry? {
        let decoder = JSONDecoder()
        // `event_id` → `eventID`, `verification_url` → `verificationURL`: the Swift names of the fields written.
        decoder.keyDecodingStrategy = .custom { path in
            let parts = path.last!.stringValue.split(separator: "_")
            let name = parts.enumerated().map { index, part in
                index == 0 ? String(part) : ["id", "url"].contains(part) ? part.uppercased() : part.capitalized
            }.joined()
            return AnyKey(name)
        }
        decoder.dateDecodingStrategy = .iso8601
        if let entry = try? decoder.decode(IssueEntry.self, from: Data(bytes)), entry.type == "certificate-issued",
            entry.version == TransparencyEntry.version
        {
            return .issued(entry.certificate)
        }
        if let entry = try? decoder.decode(ChangeEntry.self, from: Data(bytes)), entry.type == "certificate-status-changed",
            entry.version == TransparencyEntry.version
        {
            return .changed(entry.change)
        }
        if let entry = try? decoder.decode(CredentialEntry.self, from: Data(bytes)), entry.type == "credential-issued",
            entry.version == TransparencyEntry.version
        {
            return .credential(entry.credential)
        }
        return nil
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The public record the entries state, with `status` (proven by the entries or a signed statement).
    public static func publicCertificate(_ issued: Issued, change: Change?, status: CertificateStatus) -> PublicCertificate {
        let printed = issued.printed
        let eligibility = issued.eligibility
        return PublicCertificate(
            id: issued.id, status: status,
            statusChange: change.map { change in
                PublicCertificate.StatusChangeDetails(
                    status: change.status, at: change.at, reason: change.reason,
                    reasonText: change.reason.flatMap(RevocationReason.init(rawValue:))?.words, replacedBy: change.replacedBy)
            },
            supersedes: issued.supersedes, verificationUrl: printed.verificationURL,
            attendee: PublicCertificate.Attendee(
                name: printed.attendeeName, jobTitle: printed.jobTitle, organisation: printed.organisation),
            event: PublicCertificate.EventDetails(
                id: issued.eventID, title: printed.eventTitle, format: printed.eventFormat, date: printed.eventDate,
                times: printed.eventTimes, cpdHours: printed.cpdHours, learningOutcomes: printed.learningOutcomes),
            organiser: PublicCertificate.Person(name: printed.organiserName, role: nil, url: printed.organiserURL),
            signatory: PublicCertificate.Person(name: printed.signatoryName, role: printed.signatoryRole, url: nil),
            attendance: PublicCertificate.Attendance(
                attendedMinutes: Duration.minutesText(seconds: eligibility.attendedSeconds), liveMinutes: eligibility.liveSeconds / 60,
                requiredMinutes: Duration.minutesText(seconds: eligibility.requiredSeconds), rule: eligibility.rule),
            issueDate: printed.issueDate, issuedAt: issued.issuedAt, template: issued.template.name, pdfSha256: issued.pdfSha256)
    }

    /// The JSON paths where `shown` and `logged` differ, each with both values, e.g.
    /// `attendee.job_title 'Manager' (logged 'Social Worker')`; empty when they are the same.
    public static func differences(shown: PublicCertificate, logged: PublicCertificate) -> [String] {
        let encoder = PublicCertificate.makeEncoder()
        guard let a = try? encoder.encode(shown), let b = try? encoder.encode(logged) else { return shown == logged ? [] : ["the record"] }
        let found = differences(a, b)
        return found.isEmpty && shown != logged ? ["the record"] : found
    }

    /// The paths where two JSON texts differ (a missing member and a null are the same), with
    /// both values; `["the JSON"]` when either is not JSON.
    public static func differences(_ shown: Data, _ logged: Data) -> [String] {
        guard let left = try? JSONSerialization.jsonObject(with: shown, options: .fragmentsAllowed),
            let right = try? JSONSerialization.jsonObject(with: logged, options: .fragmentsAllowed)
        else { return ["the JSON"] }
        var found: [String] = []
        walk(left, right, path: "", into: &found)
        return found
    }

    private static func walk(_ left: Any?, _ right: Any?, path: String, into found: inout [String]) {
        func text(_ value: Any?) -> String {
            switch value {
            case nil, is NSNull: "none"
            case let value as String: "'\(value)'"
            case let value?: "\(value)"
            }
        }
        if let left = left as? [String: Any], let right = right as? [String: Any] {
            for key in Set(left.keys).union(right.keys).sorted() {
                walk(left[key], right[key], path: path.isEmpty ? key : "\(path).\(key)", into: &found)
            }
        } else if let left = left as? [Any], let right = right as? [Any], left.count == right.count {
            for index in left.indices { walk(left[index], right[index], path: "\(path)[\(index)]", into: &found) }
        } else if !same(left, right) {
            found.append("\(path) \(text(left)) (logged \(text(right)))")
        }
    }

    private static func same(_ left: Any?, _ right: Any?) -> Bool {
        switch (left, right) {
        case (nil, nil), (is NSNull, is NSNull), (nil, is NSNull), (is NSNull, nil): true
        case (let left as NSObject, let right as NSObject): left.isEqual(right)
        default: false
        }
    }
}
