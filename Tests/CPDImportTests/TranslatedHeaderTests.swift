import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Zoom's and Teams' reports from accounts set to German, French, Spanish or Welsh: the same
/// layouts under translated headers, section titles and role names.
@Suite struct TranslatedHeaderTests {
    func read(_ data: Data, _ name: String) throws -> AttendanceImporter.Result {
        try AttendanceImporter(event: Samples.event).read(data, fileName: name)
    }

    @Test func zoomParticipantsInGermanFrenchAndSpanish() throws {
        // Fixtures/README.md: 210 and 120 minutes; 210; 180.
        #expect(
            try read(try Fixtures.data("zoom-participants-de.csv"), "de.csv").report.countedSeconds == [
                "sian.llywelyn@example.org": 12_600, "malgorzata.w@example.org": 7_200,
            ])
        #expect(try read(try Fixtures.data("zoom-participants-fr.csv"), "fr.csv").report.countedSeconds == ["zoe.bl@example.org": 12_600])
        #expect(
            try read(try Fixtures.data("zoom-participants-es.csv"), "es.csv").report.countedSeconds == ["sean.oconaill@example.org": 10_800]
        )
    }

    /// A Teams report in Welsh: Siân's two sessions, 10:00–11:30 (90 min) and 11:40–13:30 (110 min),
    /// are 200 minutes = 12,000 s; the organiser ("Trefnydd") is ignored.
    static let teamsWelsh = Fixtures.tsv([
        ["1. Crynodeb"],  // 1
        ["Teitl y cyfarfod", "Camfanteisio troseddol ar blant"],
        [""],
        ["2. Cyfranogwyr"],
        ["Enw", "Ymuno cyntaf", "Gadael olaf", "Hyd yn y cyfarfod", "E-bost", "Rôl"],  // 5
        ["Siân Llywelyn", "16/09/2020, 10:00:00", "16/09/2020, 13:30:00", "3h 20m", "sian.llywelyn@example.org", "Mynychwr"],
        [""],
        ["3. Gweithgareddau yn y cyfarfod"],
        ["Enw", "Amser ymuno", "Amser gadael", "Hyd", "E-bost", "Rôl"],
        ["Policy Foresight", "16/09/2020, 09:50:00", "16/09/2020, 13:40:00", "3h 50m", "host.pf@example.org", "Trefnydd"],  // 10
        ["Siân Llywelyn", "16/09/2020, 10:00:00", "16/09/2020, 11:30:00", "1h 30m", "sian.llywelyn@example.org", "Mynychwr"],
        ["Siân Llywelyn", "16/09/2020, 11:40:00", "16/09/2020, 13:30:00", "1h 50m", "sian.llywelyn@example.org", "Mynychwr"],
    ])

    /// The same in German: Małgorzata attends 10:00–12:40 (160 min = 9,600 s).
    static let teamsGerman = Fixtures.tsv([
        ["1. Zusammenfassung"],
        ["Besprechungstitel", "Kriminelle Ausbeutung von Kindern"],
        [""],
        ["2. Teilnehmer"],
        ["Name", "Erster Beitritt", "Letztes Verlassen", "Dauer in der Besprechung", "E-Mail", "Rolle"],  // 5
        ["Małgorzata Wiśniewska", "16.09.2020, 10:00:00", "16.09.2020, 12:40:00", "2h 40m", "malgorzata.w@example.org", "Teilnehmer"],
        [""],
        ["3. Aktivitäten in der Besprechung"],
        ["Name", "Beitrittszeit", "Zeitpunkt des Verlassens", "Dauer", "E-Mail", "Rolle"],
        // line 10
        ["Małgorzata Wiśniewska", "16.09.2020, 10:00:00", "16.09.2020, 12:40:00", "2h 40m", "malgorzata.w@example.org", "Teilnehmer"],
        ["Policy Foresight", "16.09.2020, 09:50:00", "16.09.2020, 13:40:00", "3h 50m", "host.pf@example.org", "Organisator"],
    ])

    @Test func teamsReportsInWelshAndGerman() throws {
        let welsh = try read(Fixtures.utf16LE(Self.teamsWelsh), "cy.csv")
        #expect(welsh.format == .teams)
        #expect(welsh.report.countedSeconds == ["sian.llywelyn@example.org": 12_000])
        #expect(welsh.report.ignored.map(\.line) == [10])
        let german = try read(Fixtures.utf16LE(Self.teamsGerman), "de.csv")
        #expect(german.format == .teams)
        #expect(german.report.countedSeconds == ["malgorzata.w@example.org": 9_600])
        #expect(german.report.ignored.map(\.line) == [11])
    }
}
