public import Foundation

/// LinkedIn's documented "Add to profile" address for a certificate: the certification's name
/// (the event's title), the organisation, the issue year and month, the verification address and
/// the ID, so the attendee adds it to their profile in one click, already filled in.
///
/// ```swift
/// LinkedInProfileLink(certificate).url
/// // https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Tackling%20...&certId=0A4X-...
/// ```
public struct LinkedInProfileLink: Sendable, Equatable {
    /// The certification's name: the event's title as printed.
    public var name: String
    /// The organiser's name as printed.
    public var organisation: String
    /// The year and month of issue (UTC).
    public var issueYear: Int
    public var issueMonth: Int
    /// The certificate's verification page.
    public var certificateURL: String
    /// The certificate ID, grouped as printed.
    public var certificateID: String

    /// The link for `certificate`, from its frozen record.
    public init(_ certificate: Certificate) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: certificate.content.issuedAt)
        name = certificate.content.eventTitle
        organisation = certificate.content.organiserName
        issueYear = parts.year ?? 1970
        issueMonth = parts.month ?? 1
        certificateURL = certificate.content.verificationURL
        certificateID = certificate.id.description
    }

    /// The address, every value percent-encoded as a query value.
    public var url: String {
        let query: [(String, String)] = [
            ("startTask", "CERTIFICATION_NAME"), ("name", name), ("organizationName", organisation),
            ("issueYear", String(issueYear)), ("issueMonth", String(issueMonth)), ("certUrl", certificateURL), ("certId", certificateID),
        ]
        return "https://www.linkedin.com/profile/add?" + query.map { "\($0.0)=\(Self.encoded($0.1))" }.joined(separator: "&")
    }

    /// `value` with everything but RFC 3986's unreserved characters percent-encoded.
    static func encoded(_ value: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
