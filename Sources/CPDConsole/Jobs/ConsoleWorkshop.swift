public import CPDCore
public import CPDImport
public import CPDOperations
public import Foundation
public import Logging

/// What the console does with an event's files, through the same loaders, importers, planner
/// and operations as `cpdcert eligibility` and `cpdcert issue`: nothing here decides who
/// qualifies or writes a certificate itself.
///
/// ```swift
/// let workshop = ConsoleWorkshop(
///     operations: operations, templates: { event in .failure(...) }, templateProblem: { _ in nil }, outputFolder: folder)
/// let review = try workshop.review(definition: yaml, attendance: csv, fileName: "attendance.csv", issued: [:])
/// ```
public struct ConsoleWorkshop: Sendable {
    /// The operations every change goes through; the signed-in account is their operator.
    public let operations: Operations
    /// The template an event's certificates are drawn with, ready (it has drawn a sample), or why not.
    public let templates: @Sendable (Event) -> Result<PreparedTemplate, OperationError>
    /// Why the console cannot draw with the template of this name, or nil when it can: asked
    /// when an event comes in (upload, form, API), so that an event naming a file or a template
    /// the console does not have is refused beside its other problems, not when its batch runs.
    public let templateProblem: @Sendable (String) -> String?
    /// How earlier certificates are drawn again from the registry's archive.
    public let recreation: @Sendable () -> ArchiveRecreation?
    /// A PNG of a sample certificate of an event (the sample attendee and the never-verifying
    /// sample ID, "SAMPLE" across it), drawn with the event's template as `cpdcert preview` draws it.
    public let samplePicture: @Sendable (Event) throws -> Data
    /// `<outputFolder>/<event id>/` receives each event's PDFs and manifest.
    public let outputFolder: URL
    /// Rendering threads of a batch.
    public let jobs: Int
    /// How certificates are emailed, or nil when the console was started without a relay.
    public let mail: ConsoleMail?
    public let logger: Logger

    /// A workshop over `operations`.
    public init(
        operations: Operations, templates: @escaping @Sendable (Event) -> Result<PreparedTemplate, OperationError>,
        templateProblem: @escaping @Sendable (String) -> String?,
        recreation: @escaping @Sendable () -> ArchiveRecreation? = { nil },
        samplePicture: @escaping @Sendable (Event) throws -> Data = { _ in
            throw OperationError.templateUnusable("this console was started without a way to draw pictures")
        }, outputFolder: URL, jobs: Int = 1, mail: ConsoleMail? = nil, logger: Logger = Logger(label: "cpdcert.console")
    ) {
        self.operations = operations
        self.templates = templates
        self.templateProblem = templateProblem
        self.recreation = recreation
        self.samplePicture = samplePicture
        self.outputFolder = outputFolder
        self.jobs = jobs
        self.mail = mail
        self.logger = logger
    }

    /// Why an upload cannot be used, by form field.
    public struct UploadProblem: Error, Sendable {
        public var event: String?
        public var attendance: String?
    }

    /// The event in `definition`, checked as `cpdcert issue` checks it.
    public static func event(_ definition: Data) throws(UploadProblem) -> Event {
        do {
            let event = try EventLoader.load(definition, fileName: "event.yaml")
            _ = try CertificateComposer(event: event)
            return event
        } catch {
            throw UploadProblem(event: "\(error)")
        }
    }

    /// The attendance report read for `event` with the files added beside it (more reports, a
    /// roster, linked addresses), as `cpdcert issue --attendance ... --roster ... --aliases ...`
    /// reads them.
    public static func attendance(
        _ data: Data, fileName: String, event: Event, adding files: [ConsoleEventFile] = []
    ) throws(UploadProblem) -> ImportedAttendance {
        func input(_ file: ConsoleEventFile) -> AttendanceInputs.File { AttendanceInputs.File(name: file.name) { file.content } }
        let inputs = AttendanceInputs(
            reports: [AttendanceInputs.File(name: fileName) { data }] + files.filter { $0.kind == .attendance }.map(input),
            roster: files.first { $0.kind == .roster }.map(input), aliases: files.first { $0.kind == .aliases }.map(input))
        do {
            return try inputs.read(for: event)
        } catch {
            throw UploadProblem(attendance: "\(error)")
        }
    }

    /// Every attendance file of the console's event `stored`, read for `event`.
    public static func attendance(of stored: ConsoleEvent, event: Event) throws(UploadProblem) -> ImportedAttendance {
        try attendance(stored.attendance, fileName: stored.attendanceFileName, event: event, adding: stored.files)
    }

    /// Issues what the event's report makes due, with `progress` as it goes; `operatorName` (the
    /// account that asked) is recorded as who issued each certificate.
    func issue(
        _ stored: ConsoleEvent, by operatorName: String, progress: @escaping @Sendable (BatchProgress) -> Void
    ) async throws -> BatchSummary {
        let event = try Self.event(stored.definition)
        let imported = try Self.attendance(of: stored, event: event)
        var template: PreparedTemplate?
        var problem: String?
        switch templates(event) {
        case .success(let prepared): template = prepared
        case .failure(let error): problem = "\(error)"
        }
        let folder = outputFolder(of: event.id)
        let batch = Batch(
            event: event, template: template, report: imported.report, jobs: jobs, templateProblem: problem, recreation: recreation())
        let issuance = try await operations.issue(
            batch, by: operatorName, output: { try DirectoryOutput(directory: folder) }, logger: logger, progress: progress)
        return issuance.summary
    }

    /// Corrects certificate `id` of the console's event `stored` through the operations layer,
    /// with `operatorName` (the signed-in account) as its operator: the printed fields re-composed
    /// from the event as issued, drawn with the template the event's batches draw with, the new
    /// PDF written to the event's folder beside the others.
    func correct(
        _ id: CertificateID, of stored: ConsoleEvent, changes: AttendeeChanges, reason: String, by operatorName: String
    ) async throws -> Correction {
        let event = try Self.event(stored.definition)
        let template = try templates(event).get()
        let renderer: any CertificateRenderer
        do {
            renderer = try template.renderer()
        } catch {
            throw OperationError.templateUnusable("\(template.template.template.name): \(error)")
        }
        let folder = outputFolder(of: event.id)
        return try await operations.correct(
            id, changes: changes, reason: reason, by: operatorName, event: event, template: template.template, renderer: renderer,
            output: { try DirectoryOutput(directory: folder) })
    }

    /// Re-issues, through the operations layer with `operatorName` (the signed-in account) as
    /// operator, every valid certificate of the console's event whose printed fields change under
    /// `event`, its changed definition (the same event ID): drawn with the template the event
    /// names, the new PDFs and the manifest written to the event's folder.
    func correctEvent(_ event: Event, reason: String, by operatorName: String) async throws -> EventCorrection {
        let template = try templates(event).get()
        let folder = outputFolder(of: event.id)
        return try await operations.correctEvent(
            event, reason: reason, by: operatorName, template: template, output: { try DirectoryOutput(directory: folder) },
            recreation: recreation())
    }

    /// The folder the console writes the PDFs and manifest of `eventID` to.
    func outputFolder(of eventID: String) -> URL {
        outputFolder.appendingPathComponent(Self.folderName(eventID), isDirectory: true)
    }

    /// The folder name of an event's output: its ID with anything but letters, digits, `-`, `_` and `.` replaced.
    static func folderName(_ eventID: String) -> String {
        let safe = eventID.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" }
        let name = String(safe)
        return name.isEmpty || name.hasPrefix(".") ? "_" + name : name
    }
}

extension ConsoleWorkshop.UploadProblem: CustomStringConvertible {
    public var description: String { [event, attendance].compactMap { $0 }.joined(separator: "; ") }
}
