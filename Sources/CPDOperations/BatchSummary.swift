public import CPDCore
public import Foundation

/// Progress through a batch, reported after each finished certificate.
public struct BatchProgress: Sendable, Equatable {
    /// Certificates to issue in this run.
    public var total: Int
    /// Issued so far (recorded and written).
    public var issued: Int
    /// Earlier certificates checked so far.
    public var checked: Int
    /// Failed so far.
    public var failed: Int

    /// Creates a progress value.
    public init(total: Int, issued: Int, checked: Int, failed: Int) {
        self.total = total
        self.issued = issued
        self.checked = checked
        self.failed = failed
    }

    /// Issued plus failed: the certificates that are finished.
    public var done: Int { issued + failed }
}

/// A certificate that could not be issued or re-created, and why.
public struct BatchFailure: Sendable, Equatable {
    /// Source lines of the person's evidence (empty for an earlier certificate).
    public var lines: [Int]
    public var name: String
    public var reason: String
}

/// What a batch did. Counts, not records, so a batch of any size stays small in memory.
public struct BatchSummary: Sendable {
    public var plan: IssuancePlan
    /// Certificates issued in this run.
    public var issuedCount = 0
    /// The first certificate issued in this run, to suggest trying.
    public var firstIssued: CertificateID?
    /// Earlier certificates whose PDF was checked.
    public var checkedCount = 0
    /// Earlier certificates whose missing or damaged PDF was re-created.
    public var repaired: [CertificateID] = []
    public var failed: [BatchFailure] = []
    /// Shared work only: certificates this run drew that another runner had recorded first
    /// (after this run's claim had lapsed), so dropped here.
    public var issuedElsewhere = 0
    /// Whether the event's work was shared with other runners on the registry.
    public var shared = false
    /// Shared work only: people of the event with a certificate when this run ended, whoever issued it.
    public var eventCertificates = 0
    public var elapsed: TimeInterval = 0

    /// Creates an empty summary for `plan`.
    public init(plan: IssuancePlan) {
        self.plan = plan
    }

    /// True when every row was read and every due certificate issued.
    public var isClean: Bool { plan.rejected.isEmpty && failed.isEmpty }
}

/// The mail-merge manifest: one row per certificate of the event.
public enum Manifest {
    public static let fileName = "manifest.csv"

    /// Rewrites the manifest of `eventID` from the registry, page by page, written as it is
    /// read: complete after every run, and never held whole in memory.
    /// The certificates of `skipping` are left out (their PDFs are in another runner's folder).
    static func write(
        eventID: String, from registry: any CertificateStore, to output: any CertificateOutput,
        skipping: Set<AttendeeIdentity> = []
    ) async throws {
        try await output.write(named: fileName) { append in
            try append(Data(header.utf8))
            var cursor: CertificateID?
            while true {
                let page = try await registry.certificates(eventID: eventID, after: cursor, limit: 1000)
                guard let last = page.last else { break }
                var text = ""
                for certificate in page where !skipping.contains(certificate.identity) { text += row(certificate) }
                try append(Data(text.utf8))
                cursor = last.id
            }
        }
    }

    /// The header record.
    public static let header = CSVFormat.record(["email", "name", "certificate_id", "file", "status", "verification_url"])

    /// One certificate's record, formula cells neutralised.
    public static func row(_ certificate: Certificate) -> String {
        CSVFormat.record([
            certificate.identity.email, certificate.content.attendeeName, certificate.id.description,
            certificate.fileName, certificate.status.rawValue, certificate.content.verificationURL,
        ])
    }
}
