import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `PublicCertificate(_:)` is the one place that decides what anyone holding an ID sees: every
/// printed field, in its place, and nothing private.
@Suite struct PublicCertificateTests {
    @Test func carriesEveryPrintedFieldToItsPlace() throws {
        var certificate = Samples.certificate("Nguyễn Thị Hằng", status: .revoked)
        certificate.supersedes = SeededRandomSource(seed: 77).certificateID()
        let content = certificate.content
        let view = PublicCertificate(certificate)

        #expect(view.id == certificate.id.description)
        #expect(view.status == .revoked)
        #expect(view.supersedes == certificate.supersedes?.description)
        #expect(view.verificationUrl == content.verificationURL)
        #expect(view.attendee.name == content.attendeeName)
        #expect(view.attendee.jobTitle == content.jobTitle)
        #expect(view.attendee.organisation == content.organisation)
        #expect(view.event.id == certificate.eventID)
        #expect(view.event.title == content.eventTitle)
        #expect(view.event.format == content.eventFormat)
        #expect(view.event.date == content.eventDate)
        #expect(view.event.times == content.eventTimes)
        #expect(view.event.cpdHours == content.cpdHours)
        #expect(view.event.learningOutcomes == content.learningOutcomes)
        #expect(view.organiser.name == content.organiserName)
        #expect(view.organiser.url == content.organiserURL)
        #expect(view.organiser.role == nil)
        #expect(view.signatory.name == content.signatoryName)
        #expect(view.signatory.role == content.signatoryRole)
        #expect(view.signatory.url == nil)
        #expect(view.attendance.attendedMinutes == Duration.minutesText(seconds: certificate.eligibility.attendedSeconds))
        #expect(view.attendance.requiredMinutes == Duration.minutesText(seconds: certificate.eligibility.requiredSeconds))
        #expect(view.attendance.liveMinutes == certificate.eligibility.liveSeconds / 60)
        #expect(view.attendance.rule == certificate.eligibility.rule)
        #expect(view.issueDate == content.issueDate)
        #expect(view.issuedAt == certificate.issuedAt)
        #expect(view.template == certificate.templateName)
        #expect(view.pdfSha256 == certificate.pdfSHA256)

        let change = try #require(certificate.statusChange)
        #expect(view.statusChange?.status == .revoked)
        #expect(view.statusChange?.at == change.at)
        #expect(view.statusChange?.reason == "issued-in-error")
        #expect(view.statusChange?.reasonText == "issued in error")
        #expect(view.statusChange?.replacedBy == nil)
    }

    @Test func namesTheReplacementOfASupersededCertificate() {
        let certificate = Samples.certificate("Ọlánrewájú Adébáyọ̀", status: .superseded)
        let view = PublicCertificate(certificate)
        #expect(view.statusChange?.status == .superseded)
        #expect(view.statusChange?.replacedBy == certificate.statusChange?.replacedBy?.description)
        #expect(view.statusChange?.replacedBy != nil)
        #expect(view.statusChange?.reason == nil)
    }

    @Test func leavesOutTheEmailSaltEvidenceAndTheChangeNote() throws {
        let certificate = Samples.certificate("Zoë Brontë-Łukasiewicz", status: .revoked)
        let json = String(decoding: try PublicCertificate.makeEncoder().encode(PublicCertificate(certificate)), as: UTF8.self)
        #expect(!json.contains("@"))
        #expect(!json.contains(certificate.identity.email))
        #expect(!json.contains(certificate.identitySalt))
        #expect(!json.contains(try #require(certificate.evidenceSHA256)))
        #expect(!json.contains(certificate.templateSHA256))
        #expect(!json.contains("test fixture"))
        #expect(!json.contains("quality-lead"))
    }
}
