import Foundation

/// A person as the attendance evidence names them.
public struct Attendee: Hashable, Sendable, Codable {
    /// Full name as the person writes it, NFC-normalised.
    public var fullName: String
    /// Identity key (normalised email).
    public var identity: AttendeeIdentity
    /// Job title, if given.
    public var jobTitle: String?
    /// Employer or organisation, if given.
    public var organisation: String?

    /// Creates an attendee, normalising the name to NFC and dropping empty optional fields.
    public init(fullName: String, identity: AttendeeIdentity, jobTitle: String? = nil, organisation: String? = nil) {
        self.fullName = fullName.trimmingWhitespace().precomposedNFC
        self.identity = identity
        self.jobTitle = jobTitle.map { $0.trimmingWhitespace().precomposedNFC }.flatMap { $0.isEmpty ? nil : $0 }
        self.organisation = organisation.map { $0.trimmingWhitespace().precomposedNFC }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension String {
    /// The string in Unicode Normalization Form C.
    ///
    /// Swift compares strings canonically but stores what it was given; fonts, PDF text
    /// extraction and regulators' systems expect NFC, so names are normalised explicitly.
    public var precomposedNFC: String {
        precomposedStringWithCanonicalMapping
    }
}
