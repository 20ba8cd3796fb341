import CPDCore
import CPDImport
import CPDTestSupport
import Foundation

/// Reads the fixtures of `Fixtures/sources/` (their expected minutes are in its README.md) as
/// `cpdcert issue --attendance A --attendance B --roster R --aliases L` does.
enum SourcesFixtures {
    static func data(_ name: String) throws -> Data { try Fixtures.data("sources/\(name)") }

    static func roster(_ name: String = "eventbrite-attendees.csv") throws -> AttendanceRoster {
        try AttendanceRoster(data: data(name), fileName: name)
    }

    /// The files merged, each given as (name, bytes); `roster` identifies name-only rows.
    static func merge(_ files: [(String, Data)], roster: AttendanceRoster? = nil, aliases: AttendanceAliases = AttendanceAliases())
        throws -> ImportedAttendance
    {
        var merger = AttendanceMerger(aliases: aliases)
        for (name, bytes) in files {
            var document = try AttendanceDocument(data: bytes, fileName: name)
            document.roster = roster
            let result = try AttendanceImporter(event: Samples.event).read(document)
            merger.add(result.report, from: .init(file: name, format: result.format, sha256: SHA256Digest(hashing: [UInt8](bytes)).hex))
        }
        return merger.finish()
    }

    /// The fixtures named, read from `Fixtures/sources/`.
    static func merge(_ names: [String], roster: AttendanceRoster? = nil, aliases: AttendanceAliases = AttendanceAliases()) throws
        -> ImportedAttendance
    {
        try merge(names.map { ($0, try data($0)) }, roster: roster, aliases: aliases)
    }

    /// Counted minutes per name.
    static func minutes(_ imported: ImportedAttendance) -> [String: Double] {
        Dictionary(
            uniqueKeysWithValues: imported.report.evidence.map {
                ($0.attendee.fullName, Double($0.attendedTime(in: Samples.event).countedSeconds) / 60)
            })
    }
}
