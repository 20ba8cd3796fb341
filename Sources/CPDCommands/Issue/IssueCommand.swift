import ArgumentParser
import CPDCore
import CPDImport
import CPDOperations
import CPDRegistry
import CPDRender
import Foundation
import Logging

/// `cpdcert issue`: issue the certificates an attendance file makes due.
struct IssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue certificates for an event from its attendance records.",
        discussion: """
            Re-running is safe: people who already have a certificate are skipped, and a missing \
            or damaged PDF is re-created from the registry's frozen record.
            """)

    @OptionGroup var eventOptions: EventOptions

    @OptionGroup var attendanceOptions: AttendanceOptions

    @Option(help: ArgumentHelp("Folder for the PDFs and manifest.csv.", valueName: "dir"))
    var out: String = "out"

    @OptionGroup var registry: RegistryOptions

    @OptionGroup var resources: TemplateOptions

    @Option(
        name: .customLong("jobs"),
        help: ArgumentHelp(
            "Rendering jobs (default: issue.jobs of the configuration, else the number of cores); more than one renders in worker processes.",
            valueName: "n"))
    var jobsOption: Int?

    /// `--jobs`, else the configuration's, else one per core (ArgumentParser would print this machine's count as the default).
    var jobs: Int { jobsOption ?? Settings.current.integer("issue.jobs") ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(
        name: .customLong("batch-size"),
        help: ArgumentHelp(
            "Certificates recorded per registry transaction (default: issue.batch_size of the configuration, else 64).", valueName: "n"))
    var batchSizeOption: Int?

    var batchSize: Int { batchSizeOption ?? Settings.current.integer("issue.batch_size") ?? 64 }

    @Option(
        name: .customLong("claim-lease"),
        help: ArgumentHelp(
            "PostgreSQL: seconds a runner's claim on its share of the event's work lasts unless renewed; a runner killed leaves "
                + "its share to the others after this (default: issue.claim_lease of the configuration, else 60).",
            valueName: "seconds"))
    var claimLeaseOption: Int?

    var claimLease: Int { claimLeaseOption ?? Settings.current.integer("issue.claim_lease") ?? 60 }

    @OptionGroup var configFile: ConfigOptions

    @Option(name: .customLong("operator"), help: "Who is issuing them, recorded with each certificate (default: $USER).")
    var operatorName: String?

    @Flag(help: "Plan, render and report without writing the registry or any file.")
    var dryRun = false

    @OptionGroup var keys: KeyOptions

    @Flag(help: "Print only errors.")
    var quiet = false

    @Flag(help: "Print progress events and the summary as JSON lines on standard output.")
    var json = false

    func validate() throws {
        guard (1...256).contains(jobs) else {
            throw ValidationError("--jobs must be between 1 and 256, found \(jobs)")
        }
        guard (1...10_000).contains(batchSize) else {
            throw ValidationError("--batch-size must be between 1 and 10000, found \(batchSize)")
        }
        guard (3...86_400).contains(claimLease) else {
            throw ValidationError("--claim-lease must be between 3 and 86400 seconds, found \(claimLease)")
        }
    }

    func run() async throws {
        let event = try eventOptions.load()
        let imported = try attendanceOptions.load(for: event)
        let report = imported.report
        // No more rendering threads than people to draw: a one-off certificate is drawn in this
        // process rather than in a worker started for it.
        let renderJobs = min(jobs, max(1, report.evidence.count))
        // With several jobs the renderers are worker processes, so this one never loads Pango and fonts.
        // A template that cannot be used stops the run when certificates are due; with none due the
        // run still checks earlier PDFs, re-created from the archive, not from the template.
        var template: PreparedTemplate?
        var templateProblem: OperationError?
        switch resources.templatePackage(event.templateName) {
        case .success(let package):
            do {
                template = try PreparedTemplate.prepare(
                    package, for: event, makeRenderer: RendererSource.maker(package: package, jobs: renderJobs))
            } catch let error as OperationError {
                templateProblem = error
            }
        case .failure(let unusable):
            templateProblem = .templateUnusable(unusable.message)
        }
        if let templateProblem, !self.registry.exists { throw templateProblem }
        let fault = FaultInjection()
        let registry: any CertificateRegistry
        if dryRun {
            let existing = self.registry.exists
            registry = OverlayCertificateRegistry(
                over: existing ? try await self.registry.open(readOnly: true) : InMemoryCertificateRegistry())
        } else {
            registry = try await self.registry.open()
        }
        let operations = Operations(
            registry: registry, logKey: dryRun ? nil : try keys.signingKey(), credentialKey: dryRun ? nil : try keys.credentialKey())
        let reporter = ProgressReporter(mode: ProgressReporter.mode(quiet: quiet, json: json))
        var batch = Batch(
            event: event, template: template, report: report, jobs: renderJobs, batchSize: batchSize,
            templateProblem: templateProblem.map { "\($0)" }, recreation: ArchivedRenderers.recreation(registry, jobs: jobs))
        // On a registry several runners can share (PostgreSQL), every run shares: started on
        // several machines at once, each issues what it claims.
        if !dryRun, let claims = registry as? any WorkClaims {
            batch.sharing = WorkSharing(
                claims: claims, output: WorkSharing.outputName(URL(fileURLWithPath: out)), lease: .seconds(claimLease),
                claimSize: max(4, min(batchSize / 4, 64)))
        }
        let issuance: Issuance
        do {
            issuance = try await operations.issue(
                batch,
                by: LedgerInput.operatorName(operatorName), output: makeOutput(fault: fault), progress: { reporter.report($0) },
                fault: { fault.reached($0) })
        } catch {
            reporter.finish()
            throw error
        }
        reporter.finish()
        let summary = issuance.summary
        if !dryRun { AutoCheckpoint.report(issuance.checkpoint, keys: keys, quiet: quiet || json) }
        if json {
            Console.printJSON(IssueReport(summary, event: event, dryRun: dryRun).jsonLine())
        } else if !quiet {
            printSummary(summary, event: event, imported: imported)
        }
        for warning in AttendanceOptions.warnings(report, event: event, file: attendanceOptions.files) {
            Console.error("warning: \(warning)")
        }
        for diagnostic in summary.plan.rejected { Console.error(Console.line("\(diagnostic)")) }
        for failure in summary.failed {
            // With several files the lines are in the person's first one; the name says who.
            let place =
                imported.sources.count == 1
                ? failure.lines.first.map { "\(attendanceOptions.files):\($0): " } ?? "" : "\(failure.name): "
            Console.error(Console.line("\(place)certificate not issued: \(failure.reason)"))
        }
        if !summary.isClean { throw ExitStatus.dataError }
    }

    /// The output folder, made only once the batch is known to go ahead; a dry run only reads it.
    private func makeOutput(fault: FaultInjection) -> () throws -> any CertificateOutput {
        { [dryRun, out] in
            let folder = URL(fileURLWithPath: out)
            if dryRun { return ReadOnlyDirectory(directory: folder) }
            do {
                return try DirectoryOutput(directory: folder) { fault.reached(.beforeRename) }
            } catch let error as OutputError {
                throw error
            } catch {
                throw OperationError.output("cannot use the output folder \(out): \(error.localizedDescription)")
            }
        }
    }

    private func printSummary(_ summary: BatchSummary, event: Event, imported: ImportedAttendance) {
        let ignored = imported.report.ignored.count
        let plan = summary.plan
        let rate = summary.elapsed > 0 ? Double(summary.issuedCount) / summary.elapsed : 0
        Console.print((dryRun ? "DRY RUN, nothing written. " : "") + "Event \(event.id): \(Console.line(event.title))")
        Console.print(
            "  issued now:       \(summary.issuedCount)"
                + (summary.issuedCount == 0 ? "" : String(format: " (%.1f s, %.0f per second)", summary.elapsed, rate)))
        if summary.shared {
            Console.print(
                "  by other runners: \(summary.eventCertificates - plan.alreadyIssuedCount - summary.issuedCount) (sharing the event's work)"
            )
        }
        if summary.issuedElsewhere > 0 {
            Console.print("  drawn, then dropped: \(summary.issuedElsewhere) (another runner recorded them first; raise --claim-lease?)")
        }
        Console.print("  already issued:   \(plan.alreadyIssuedCount)")
        if !summary.repaired.isEmpty { Console.print("  PDFs re-created:  \(summary.repaired.count)") }
        Console.print("  not eligible:     \(plan.ineligibleCount)")
        Console.print("  rows rejected:    \(plan.rejected.count)")
        if ignored > 0 { Console.print("  rows not about attendees (hosts, panelists): \(ignored)") }
        Console.print("  failed:           \(summary.failed.count)")
        let ineligible = plan.ineligibleCount
        if ineligible > 0 {
            Console.print("Not eligible:")
            var shown = 0
            for case .ineligible(let evidence, let eligibility) in plan.decisions where shown < 50 {
                shown += 1
                Console.print(
                    Console.line("  \(imported.place(of: evidence)): \(evidence.attendee.fullName): \(eligibility.explanation)"))
            }
            if ineligible > 50 { Console.print("  ... and \(ineligible - 50) more") }
        }
        guard !dryRun else { return }
        Console.print("PDFs and manifest.csv are in \(out)/; registry: \(registry.display)")
        // Name the binary as it was invoked, so the hint works before cpdcert is on PATH.
        let invoked = CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil } ?? "cpdcert"
        if let id = summary.firstIssued
            ?? plan.decisions.lazy.compactMap({ if case .alreadyIssued(_, let id) = $0 { id } else { nil } }).first
        {
            Console.print("Try: \(invoked) verify \(id) --registry \(registry.display)")
        }
    }
}

/// The renderers of a batch: with one job, one in this process; with more, each rendering
/// thread gets a worker process, because within a process all font work is serialised (see
/// FontLock). The operation makes the first up front, to draw a sample before anything starts.
enum RendererSource {
    static func maker(package: TemplatePackage, jobs: Int) throws -> @Sendable () throws -> any CertificateRenderer {
        if jobs > 1 {
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            return { try WorkerRenderer(package: package, executable: executable) }
        }
        return { try CairoCertificateRenderer(package: package) }
    }
}
