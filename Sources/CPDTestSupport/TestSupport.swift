public import CPDCore
public import Foundation

/// A clock stuck at one instant (2026-11-29 09:30:00 UTC unless told otherwise).
public struct FixedClock: Sendable {
    public var now: Date

    /// Creates the clock.
    public init(_ now: Date = Date(timeIntervalSince1970: 1_795_944_600)) {
        self.now = now
    }
}

/// Certificate IDs and identity salts from a seeded generator (SplitMix64): the same seed, the same values.
public final class SeededRandomSource: RandomSource, @unchecked Sendable {
    // @unchecked: `state` is only touched while holding `lock`.
    private let lock = NSLock()
    private var state: UInt64

    /// Creates a source from `seed`.
    public init(seed: UInt64 = 42) {
        state = seed
    }

    public func certificateID() -> CertificateID {
        draw { CertificateID.random(using: &$0) }
    }

    public func identitySalt() -> String {
        draw { Certificate.identitySalt(using: &$0) }
    }

    private func draw<T>(_ body: (inout SplitMix64) -> T) -> T {
        lock.withLock {
            var generator = SplitMix64(state: state)
            defer { state = generator.state }
            return body(&generator)
        }
    }
}

/// SplitMix64, a small seedable `RandomNumberGenerator` for tests.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    /// Creates the generator.
    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Fixtures shared by the test targets: the example event and names in many scripts.
public enum Samples {
    /// The package's root folder, found from this source file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The example event, built in code (Import tests check the YAML gives the same).
    public static let event: Event = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let start = calendar.date(from: DateComponents(year: 2020, month: 9, day: 16, hour: 10))!
        let end = calendar.date(from: DateComponents(year: 2020, month: 9, day: 16, hour: 13, minute: 30))!
        return Event(
            id: "county-lines-2020",
            title: "Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence",
            organiser: Organiser(name: "Policy Foresight", url: "https://policyforesight.example.org"),
            format: "Live webinar", start: start, end: end, timeZoneIdentifier: "Europe/London",
            cpdHours: 3.5,
            learningOutcomes: [
                "Describe the current scale of county lines and how gangs adapted during COVID-19",
                "Apply contextual safeguarding and community-based approaches",
            ],
            signatory: Signatory(name: "Dr Helena Marsh", role: "Programme Director, Policy Foresight"),
            verificationBaseURL: "https://verify.example.org/c/", templateName: "classic",
            attendanceRule: .fractionOfLiveTime(0.75))
    }()

    /// Fictional names in real scripts, keyed by script, for rendering tests.
    public static let namesByScript: [(script: String, name: String)] = [
        ("Latin (Welsh)", "Siân Llywelyn"), ("Latin (Polish)", "Małgorzata Wiśniewska"), ("Latin (Yoruba)", "Adébáyọ̀ Ọlátúnjí"),
        ("Vietnamese", "Nguyễn Thị Hằng"), ("Greek", "Ελένη Παπαδοπούλου"), ("Cyrillic", "Мария Иванова"),
        ("Arabic", "فاطمة الزهراء"), ("Hebrew", "נועה כהן"), ("Devanagari", "अनन्या शर्मा"), ("Chinese", "王秀英"),
        ("Japanese", "佐藤 さくら"),
    ]

    /// Fictional names in real scripts: Welsh, Polish/Latin diacritics, Vietnamese, Chinese,
    /// Irish, Yoruba, Arabic.
    public static let names = [
        "Siân Llywelyn", "Zoë Brontë-Łukasiewicz", "Nguyễn Thị Hằng", "王秀英",
        "Aoife Ní Bhriain", "Adébáyọ̀ Ọlátúnjí", "فاطمة الزهراء", "Małgorzata Wiśniewska",
    ]

    /// An attendee with `name` and an example.org address derived from `index`.
    public static func attendee(
        _ name: String, index: Int, jobTitle: String? = "Senior Social Worker", organisation: String? = "Harbourside Children's Services"
    ) -> Attendee {
        Attendee(
            fullName: name, identity: AttendeeIdentity(email: "person\(index)@example.org")!, jobTitle: jobTitle, organisation: organisation
        )
    }

    /// Evidence for `attendee` of `minutes` attended.
    public static func evidence(_ attendee: Attendee, minutes: Int, line: Int = 2) -> AttendanceEvidence {
        AttendanceEvidence(attendee: attendee, attendedSeconds: minutes * 60, lines: [line])
    }

    /// A complete certificate record for `name`, as issued at the fixed clock's time, with dates
    /// also written in `locales` (a template's `dateLocales`).
    public static func certificate(
        _ name: String, index: Int = 1, ids: SeededRandomSource = SeededRandomSource(), status: CertificateStatus = .valid,
        locales: [String] = []
    ) -> Certificate {
        let id = ids.certificateID()
        let attendee = attendee(name, index: index)
        let issuedAt = FixedClock().now
        let content = try! CertificateComposer(event: event, locales: locales).content(for: attendee, id: id, issuedAt: issuedAt)
        return Certificate(
            id: id, eventID: event.id, identity: attendee.identity, content: content,
            eligibility: Eligibility(evidence: evidence(attendee, minutes: 200), event: event),
            evidenceSHA256: String(repeating: "ab", count: 32), templateName: "classic",
            templateSHA256: String(repeating: "cd", count: 32), pdfSHA256: String(repeating: "ef", count: 32),
            issuedAt: issuedAt, identitySalt: String(repeating: "5a", count: 16), status: status,
            statusChange: status == .valid
                ? nil
                : StatusChange(
                    certificateID: id, status: status, reason: status == .revoked ? .issuedInError : nil,
                    note: "test fixture", operatorName: "quality-lead", at: issuedAt.addingTimeInterval(86_400),
                    replacedBy: status == .superseded ? ids.certificateID() : nil))
    }
}

extension String {
    /// The text with every `target` replaced (Foundation-free, for test fixtures).
    public func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
