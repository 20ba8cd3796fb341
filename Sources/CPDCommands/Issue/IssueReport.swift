import CPDCore
import CPDOperations
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The summary of `cpdcert issue --json`: one JSON line, without emails.
struct IssueReport: Encodable {
    struct Failure: Encodable {
        let line: Int?
        let reason: String
    }

    struct Rejected: Encodable {
        let file: String
        let line: Int?
        let reason: String
    }

    let event = "summary"
    let eventId: String
    let dryRun: Bool
    let issued: Int
    let alreadyIssued: Int
    let checked: Int
    let repaired: Int
    let ineligible: Int
    let rejected: [Rejected]
    let failed: [Failure]
    let elapsedSeconds: Double
    let ratePerSecond: Double
    /// Peak resident memory of this process, and of the largest render worker that has ended
    /// (none with one job), in KiB: what a batch needs of the machine.
    let peakRssKib: Int
    let peakWorkerRssKib: Int

    init(_ summary: BatchSummary, event: Event, dryRun: Bool) {
        eventId = event.id
        self.dryRun = dryRun
        issued = summary.issuedCount
        alreadyIssued = summary.plan.alreadyIssuedCount
        checked = summary.checkedCount
        repaired = summary.repaired.count
        ineligible = summary.plan.ineligibleCount
        rejected = summary.plan.rejected.map { Rejected(file: $0.file, line: $0.line, reason: $0.message) }
        failed = summary.failed.map { Failure(line: $0.lines.first, reason: $0.reason) }
        elapsedSeconds = (summary.elapsed * 1000).rounded() / 1000
        ratePerSecond = summary.elapsed > 0 ? (Double(summary.issuedCount) / summary.elapsed * 10).rounded() / 10 : 0
        peakRssKib = Self.peakResidentKiB(RUSAGE_SELF.rawValue)
        peakWorkerRssKib = Self.peakResidentKiB(RUSAGE_CHILDREN.rawValue)
    }

    /// getrusage(2)'s maximum resident set size, which Linux gives in KiB.
    private static func peakResidentKiB(_ who: __rusage_who_t) -> Int {
        var usage = rusage()
        return getrusage(who, &usage) == 0 ? usage.ru_maxrss : 0
    }

    func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
