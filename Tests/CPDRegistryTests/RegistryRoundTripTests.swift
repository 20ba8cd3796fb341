import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// Every field a certificate, a status change or an attendance record stores comes back from
/// the SQLite registry exactly as written, however awkward the text; and text the registry
/// cannot store (a NUL, which SQLite's C API and GRDB cut at) is refused before anything is
/// written, never stored cut short.
@Suite struct RegistryRoundTripTests {
    /// Strings that trip up byte counters, escapers and C strings, all of them printable or storable.
    static let awkward: [String] = [
        "Adébáyọ̀ Ọlátúnjí", "A\u{301}\u{323}\u{30A} decomposed", "فاطمة الزهراء", "נועה כהן (RTL)", "\u{202B}embedded\u{202C}",
        "👩🏽‍⚕️ Zoë", "𠀋𡈽𨳒 four-byte", "quote \" backslash \\ slash / \\u0000 as text", "tab\tnewline\ncr\rff\u{C}",
        "\u{1}\u{1F}\u{7F} controls", "line\u{2028}para\u{2029}", "\u{FEFF}bom", "\u{FFFD}\u{FFFF} replacement and noncharacter",
        "  spaces around  ", "", "<script>alert(1)</script>&amp;",
    ]

    /// A certificate with `text` (varied per field) in every field that holds free text (the
    /// hashes and the salt are hex, which the schema checks).
    static func certificate(_ text: String, index: Int, ids: SeededRandomSource) -> Certificate {
        var certificate = Samples.certificate("Siân Llywelyn", index: index, ids: ids)
        func vary(_ field: String) -> String { "\(field): \(text)" }
        certificate.eventID = vary("event")
        certificate.templateName = vary("template")
        certificate.eligibility.rule = vary("rule")
        certificate.content.attendeeName = vary("name")
        certificate.content.jobTitle = vary("job")
        certificate.content.organisation = vary("organisation")
        certificate.content.eventTitle = vary("title")
        certificate.content.eventFormat = vary("format")
        certificate.content.eventDate = vary("date")
        certificate.content.eventTimes = vary("times")
        certificate.content.cpdHours = vary("hours")
        certificate.content.learningOutcomes = [vary("outcome 1"), text, vary("outcome 3")]
        certificate.content.organiserName = vary("organiser")
        certificate.content.organiserURL = vary("https://example.org/")
        certificate.content.signatoryName = vary("signatory")
        certificate.content.signatoryRole = vary("role")
        certificate.content.issueDate = vary("issued")
        certificate.content.verificationURL = vary("https://verify.example.org/c/")
        certificate.content.localized = [vary("locale"): LocalizedValues(eventDate: vary("d"), issueDate: vary("i"), cpdHours: vary("h"))]
        return certificate
    }

    @Test(arguments: awkward)
    func everyCertificateFieldRoundTripsThroughTheFileAndMemoryRegistries(text: String) async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        for registry in [try SQLiteCertificateRegistry(path: file.path), try SQLiteCertificateRegistry()] {
            let ids = SeededRandomSource(seed: 41)
            var certificate = Self.certificate(text, index: 1, ids: ids)
            certificate.identity = try #require(AttendeeIdentity(email: "zoë.łukasiewicz+\(text.count)@exämple.org"))
            try await registry.insert([certificate])
            #expect(try await registry.certificate(id: certificate.id) == certificate)
            #expect(try await registry.certificates(eventID: certificate.eventID, after: nil, limit: 5) == [certificate])
            #expect(try await registry.certificates(identity: certificate.identity) == [certificate])
            #expect(try await registry.allCertificates(after: nil, limit: 5) == [certificate])
            #expect(try await registry.issuedIDs(eventID: certificate.eventID) == [certificate.identity: certificate.id])

            let change = StatusChange(
                certificateID: certificate.id, status: .revoked, reason: .issuedInError, note: "note: \(text)",
                operatorName: "operator: \(text)", at: FixedClock().now.addingTimeInterval(60), replacedBy: nil)
            try await registry.changeStatus(change, replacement: nil)
            let revoked = try #require(try await registry.certificate(id: certificate.id))
            #expect(revoked.statusChange == change)

            let record = AttendanceRecord(
                eventID: certificate.eventID, identity: certificate.identity, name: "name: \(text)", eligibility: certificate.eligibility,
                sourceSHA256: String(repeating: "0", count: 64), lines: [2, 9], recordedAt: FixedClock().now,
                identitySalt: String(repeating: "5a", count: 16))
            try await registry.recordAttendance([record])
            #expect(try await registry.attendance(eventID: certificate.eventID) == [record])
        }
    }

    /// What a NUL in a text column did: the row was stored cut at the NUL and no reader agreed with it.
    @Test(arguments: ["eventID", "templateName", "rule", "attendeeName"])
    func aNULInAColumnIsRefusedAndNothingIsWritten(field: String) async throws {
        let registry = try SQLiteCertificateRegistry()
        var certificate = Samples.certificate("Siân Llywelyn")
        let poisoned = "Ann\u{0}Bee"
        switch field {
        case "eventID": certificate.eventID = poisoned
        case "templateName": certificate.templateName = poisoned
        case "rule": certificate.eligibility.rule = poisoned
        default: certificate.content.attendeeName = poisoned
        }
        let error = try await #require(throws: RegistryError.self) { try await registry.insert([certificate]) }
        #expect(error.description.contains("contains a NUL character (U+0000), which the registry cannot store; nothing was written"))
        #expect(try await registry.certificate(id: certificate.id) == nil)
        #expect(try await registry.logSize() == 0)
    }

    @Test func aNULInAStatusNoteOrAnAttendanceNameIsRefused() async throws {
        let registry = try SQLiteCertificateRegistry()
        let certificate = Samples.certificate("王秀英")
        try await registry.insert([certificate])
        let change = StatusChange(
            certificateID: certificate.id, status: .revoked, reason: .issuedInError, note: "typo\u{0}", operatorName: "quality-lead",
            at: FixedClock().now, replacedBy: nil)
        await #expect(throws: RegistryError.self) { try await registry.changeStatus(change, replacement: nil) }
        #expect(try await registry.certificate(id: certificate.id)?.status == .valid)
        let record = AttendanceRecord(
            eventID: certificate.eventID, identity: certificate.identity, name: "Ann\u{0}Bee", eligibility: certificate.eligibility,
            sourceSHA256: String(repeating: "0", count: 64), lines: [2], recordedAt: FixedClock().now,
            identitySalt: String(repeating: "5a", count: 16))
        await #expect(throws: RegistryError.self) { try await registry.recordAttendance([record]) }
        #expect(try await registry.attendance(eventID: certificate.eventID).isEmpty)
    }
}
