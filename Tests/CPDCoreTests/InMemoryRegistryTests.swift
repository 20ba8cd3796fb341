import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct InMemoryRegistryTests {
    @Test func enforcesTheSameUniquenessAsSQLite() async throws {
        let registry = InMemoryCertificateRegistry()
        let ids = SeededRandomSource()
        let first = Samples.certificate("Siân Llywelyn", index: 1, ids: ids)
        try await registry.insert([first])
        var sameAttendee = Samples.certificate("Siân Llywelyn", index: 1, ids: ids)
        await #expect(throws: RegistryError.duplicateAttendee(eventID: first.eventID, certificateID: sameAttendee.id)) {
            try await registry.insert([sameAttendee])
        }
        sameAttendee.id = first.id
        sameAttendee.identity = AttendeeIdentity(email: "other@example.org")!
        await #expect(throws: RegistryError.duplicateID(first.id)) { try await registry.insert([sameAttendee]) }
        #expect(await registry.count == 1)
        #expect(try await registry.certificate(id: first.id) == first)
    }

    // The loser of two concurrent runs was told "(the new one was XM33-...)", an ID never issued.
    @Test func aDuplicateAttendeeSaysAnotherRunIssuedItAndNamesNoIDThatNeverExisted() {
        let id = SeededRandomSource().certificateID()
        let message = RegistryError.duplicateAttendee(eventID: "county-lines-2020", certificateID: id).description
        #expect(message.hasPrefix("another run issued a certificate to the same attendee of event 'county-lines-2020'"))
        #expect(message.contains("run the same command again"))
        #expect(!message.contains(id.description))
    }

    @Test func verificationDistinguishesFoundUnknownAndMistyped() async throws {
        let certificate = Samples.certificate("王秀英")
        let registry = InMemoryCertificateRegistry([certificate])
        #expect(try await Verification.check(certificate.id.compact.lowercased(), in: registry) == .found(certificate))
        let unknown = SeededRandomSource(seed: 99).certificateID()
        #expect(try await Verification.check(unknown.description, in: registry) == .unknown(unknown))
        // Swap the first two neighbouring characters that differ, so the typo is always real.
        var typo = Array(certificate.id.compact)
        let position = try #require(typo.indices.dropLast().first { typo[$0] != typo[$0 + 1] })
        typo.swapAt(position, position + 1)
        #expect(try await Verification.check(String(typo), in: registry) == .malformed(.checkMismatch))
        #expect(try await Verification.check("hello", in: registry) == .malformed(.wrongLength(5)))
    }

    @Test func publicViewNeverCarriesTheEmail() throws {
        let certificate = Samples.certificate("Aoife Ní Bhriain", index: 5)
        let json = String(decoding: try PublicCertificate.makeEncoder().encode(PublicCertificate(certificate)), as: UTF8.self)
        #expect(!json.contains("@"))
        #expect(json.contains("Aoife Ní Bhriain"))
        #expect(json.contains("\"attended_minutes\" : \"200\""))
    }
}
