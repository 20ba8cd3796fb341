import CPDCore
import CPDLedger
import CPDOperations
import CPDRegistry
import Foundation

/// The checks a backup must pass before it is kept or restored: SQLite's integrity check,
/// everything `audit verify` checks, and, for a fresh copy, the same certificates, log size,
/// log root and signed checkpoint as the live registry at the instant of the copy.
///
/// A log that was never signed (no log key) is no fault of the copy: audit verify's finding of
/// that is a note here, not a problem, so registries kept without a key can be backed up.
struct BackupCheck {
    let file: String
    let verifier: LogVerifier?

    /// Problems found in the copy; empty when it is sound. `expected` is the live registry at the copy.
    func problems(expecting expected: RegistrySnapshot? = nil) async throws -> (
        found: RegistrySnapshot, problems: [String], notes: [String]
    ) {
        let location = try RegistryLocation(file)
        if let integrity = try location.integrityProblems() {
            return (try location.snapshot(), ["SQLite integrity check: \(integrity)"], [])
        }
        let found = try location.snapshot()
        var problems: [String] = []
        if let expected, found != expected {
            problems.append("the copy holds \(found), the registry held \(expected) at the instant of the copy")
        }
        let auditor = Auditor(
            registry: try location.open(readOnly: true).registry, verifier: verifier, pdfs: nil, savedCheckpoint: nil, hashPDF: Hex.sha256)
        var notes: [String] = []
        for problem in try await auditor.run().problems {
            if problem.subject == "log" && found.checkpointSize == nil {
                notes.append("the log \(problem.message)")
            } else {
                problems.append("audit: \(problem)")
            }
        }
        return (found, problems, notes)
    }
}
