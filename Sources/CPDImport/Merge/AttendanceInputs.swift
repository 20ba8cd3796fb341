public import CPDCore
public import Foundation

/// An event's attendance files, read together as `cpdcert issue` and the console read them:
/// each report by the importer of its format (given, or detected from its content), the
/// registration list identifying the rows of a report that gives only names, the linked
/// addresses merging a person's rows, every report's SHA-256 kept as evidence; the same bytes
/// given twice are refused. Each file is read when its turn comes, so a large report is held
/// once (its text) while it is read.
///
/// ```swift
/// let inputs = AttendanceInputs(
///     reports: [.init(name: "zoom.csv") { zoomBytes }, .init(name: "phone.csv") { phoneBytes }],
///     roster: .init(name: "eventbrite.csv") { rosterBytes })
/// let imported = try inputs.read(for: event)
/// ```
public struct AttendanceInputs {
    /// One file: its name (for messages), its format when given, and how to read its bytes.
    public struct File {
        public var name: String
        public var format: AttendanceFormat?
        public var read: () throws -> Data

        /// A file named `name`, read by `read`.
        public init(name: String, format: AttendanceFormat? = nil, read: @escaping () throws -> Data) {
            self.name = name
            self.format = format
            self.read = read
        }
    }

    /// The same bytes were given as two reports.
    public struct Repeated: Error, CustomStringConvertible {
        public var file: String
        public var earlier: String
        public var description: String { "\(file): the same bytes as \(earlier); give each attendance file once" }
    }

    public var reports: [File]
    public var roster: File?
    public var aliases: File?

    /// The inputs of one event.
    public init(reports: [File], roster: File? = nil, aliases: File? = nil) {
        self.reports = reports
        self.roster = roster
        self.aliases = aliases
    }

    /// Every report read for `event`, merged per identity; the roster's and aliases' own
    /// problems come first among the rejected rows and warnings.
    /// - Throws: what a file's `read` throws, `AttendanceFileError`, or `Repeated`.
    public func read(for event: Event) throws -> ImportedAttendance {
        let roster = try self.roster.map { file in try AttendanceRoster(data: try file.read(), fileName: file.name) }
        let aliases = try self.aliases.map { file in try AttendanceAliases(data: try file.read(), fileName: file.name) }
        var merger = AttendanceMerger(aliases: aliases ?? AttendanceAliases())
        var seen: [String: String] = [:]
        let importer = AttendanceImporter(event: event)
        for file in reports {
            // The bytes go once they are text and hashed.
            var (document, digest) = try { () throws -> (AttendanceDocument, String) in
                let data = try file.read()
                return (try AttendanceDocument(data: data, fileName: file.name), SHA256Digest(hashing: data).hex)
            }()
            if let earlier = seen.updateValue(file.name, forKey: digest) { throw Repeated(file: file.name, earlier: earlier) }
            document.roster = roster
            let result = try importer.read(document, format: file.format)
            merger.add(result.report, from: ImportedAttendance.Source(file: file.name, format: result.format, sha256: digest))
        }
        var imported = merger.finish()
        if let roster {
            imported.report.rejected = roster.rejected + imported.report.rejected
            imported.report.warnings = roster.warnings + imported.report.warnings
        }
        return imported
    }
}
