import Foundation

/// The content of a sample certificate for previews and template checks: the event's real
/// details with a made-up attendee and an ID that can never verify.
///
/// ```swift
/// let content = try SampleCertificate.content(event: event, locales: template.dateLocales)
/// ```
public enum SampleCertificate {
    /// The attendee a preview shows unless told otherwise: long enough, with a diacritic.
    public static let attendeeName = "Siân Angharad Llywelyn-Price"
    /// Printed where a certificate's ID goes. Shaped like an ID but not one: it fails the check
    /// character, so `cpdcert verify` calls it mistyped rather than finding a certificate.
    public static let certificateID = "SAMP-LE00-0000-0000-0000"
    /// What the preview writes across the page.
    public static let watermark = "SAMPLE"

    /// Sample content for `event`, as if issued when the event ended (so previews are reproducible).
    public static func content(event: Event, name: String? = nil, locales: [String] = []) throws(EventError) -> CertificateContent {
        let composer = try CertificateComposer(event: event, locales: locales)
        let attendee = Attendee(
            fullName: name ?? attendeeName, identity: AttendeeIdentity(email: "sample@example.org")!,
            jobTitle: "Senior Social Worker", organisation: "Harbourside Children's Services")
        var zeros = Zeros()
        var content = composer.content(for: attendee, id: CertificateID.random(using: &zeros), issuedAt: event.end)
        content.certificateID = certificateID
        content.verificationURL = event.verificationBaseURL + certificateID
        return content
    }
}

/// A generator of zero bits: the sample's placeholder ID, replaced before anything prints it.
private struct Zeros: RandomNumberGenerator {
    mutating func next() -> UInt64 { 0 }
}
