public import CPDCore

/// Merges the reports of an event's attendance files per identity, before the rule is applied:
/// a person's sessions from every file form one list, so that their union is counted (150
/// minutes on Zoom and 30 by telephone are 180), and addresses `aliases` links are one person.
///
/// ```swift
/// var merger = AttendanceMerger(aliases: aliases)
/// merger.add(zoom.report, from: .init(file: "zoom.csv", format: .zoomWebinar, sha256: zoomHex))
/// merger.add(phone.report, from: .init(file: "phone.csv", format: .canonical, sha256: phoneHex))
/// let imported = merger.finish()   // imported.report.sourceSHA256: the evidence hash of both files
/// ```
/// The name and details are the first file's that names the person. A reported total (cpdcert
/// CSV's minutes column) cannot be merged with anything else for one person without counting
/// time twice: the later rows are rejected, saying where the earlier are.
public struct AttendanceMerger: Sendable {
    private let aliases: AttendanceAliases
    private var sources: [ImportedAttendance.Source] = []
    private var evidence: [AttendanceEvidence] = []
    private var position: [AttendeeIdentity: Int] = [:]
    private var rejected: [Diagnostic] = []
    private var ignored: [Diagnostic] = []
    private var warnings: [Diagnostic] = []

    /// A merger that links the addresses `aliases` names.
    public init(aliases: AttendanceAliases = AttendanceAliases()) {
        self.aliases = aliases
        rejected = aliases.rejected
        warnings = aliases.warnings
    }

    /// Adds one file's report.
    public mutating func add(_ report: AttendanceReport, from source: ImportedAttendance.Source) {
        let index = sources.count
        sources.append(source)
        rejected += report.rejected
        ignored += report.ignored
        warnings += report.warnings
        if index == 0, aliases.isEmpty {
            // The first file alone has nothing to merge with yet: its evidence is one per identity,
            // kept as it is (no `origins` until another file names the person: see `origins(of:)`).
            evidence = report.evidence
            for (offset, item) in evidence.enumerated() { position[item.attendee.identity] = offset }
            return
        }
        for var item in report.evidence {
            item.attendee.identity = aliases.identity(for: item.attendee.identity)
            guard let at = position[item.attendee.identity] else {
                item.origins = [SourceLines(source: index, lines: item.lines)]
                position[item.attendee.identity] = evidence.count
                evidence.append(item)
                continue
            }
            merge(item, into: at, source: index)
        }
    }

    private mutating func merge(_ item: AttendanceEvidence, into at: Int, source: Int) {
        var existing = evidence[at]
        guard case .sessions(let earlier) = existing.time, case .sessions(let later) = item.time else {
            let first = Self.origins(of: existing).first.map { "\(sources[$0.source].file):\($0.lines.first ?? 0)" } ?? "an earlier file"
            rejected.append(
                Diagnostic(
                    file: sources[source].file, line: item.lines.first,
                    message:
                        "this attendee also has rows at \(first), and a reported total of minutes cannot be merged with other rows without counting time twice; give join and leave times in both files, or list the person in one file only"
                ))
            return
        }
        existing.time = .sessions((earlier + later).sorted { ($0.start, $0.end) < ($1.start, $1.end) })
        existing.origins = Self.origins(of: existing)
        if let last = existing.origins.indices.last, existing.origins[last].source == source {
            existing.origins[last].lines = (existing.origins[last].lines + item.lines).sorted()
        } else {
            existing.origins.append(SourceLines(source: source, lines: item.lines))
        }
        if existing.attendee.jobTitle == nil { existing.attendee.jobTitle = item.attendee.jobTitle }
        if existing.attendee.organisation == nil { existing.attendee.organisation = item.attendee.organisation }
        evidence[at] = existing
    }

    /// The files and lines of `item`: those recorded, or (evidence of the first file that no
    /// other file has merged into) its lines in the first file.
    private static func origins(of item: AttendanceEvidence) -> [SourceLines] {
        item.origins.isEmpty ? [SourceLines(source: 0, lines: item.lines)] : item.origins
    }

    /// The merged attendance: with one file, evidence as that file gave it (`lines`, no
    /// `origins`) and its SHA-256 as the evidence hash; with several, each person's lines per file.
    /// The merger is left empty: the evidence moves out, so a large batch is held once.
    public mutating func finish() -> ImportedAttendance {
        var merged = evidence
        evidence = []
        position = [:]
        let several = sources.count > 1
        for index in merged.indices where several || !merged[index].origins.isEmpty {
            let origins = Self.origins(of: merged[index])
            merged[index].lines = several ? origins.first?.lines ?? [] : origins.flatMap(\.lines).sorted()
            merged[index].origins = several ? origins : []
        }
        let files = sources.map { AttendanceSource(file: $0.file, sha256: $0.sha256) }
        var report = AttendanceReport(
            evidence: merged, rejected: rejected, ignored: ignored, warnings: warnings,
            sourceSHA256: AttendanceSource.evidenceSHA256(of: files))
        if several { report.sources = files }
        return ImportedAttendance(sources: sources, report: report)
    }
}
