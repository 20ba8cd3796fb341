import CPDCore
import CPDOperations
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills the real binary with SIGKILL mid-batch, at chosen points and at random moments, then
/// re-runs it and checks that the batch converged: one certificate per eligible attendee, every
/// row's PDF on disk with its recorded SHA-256, no PDF without a row, no temporary file left,
/// a complete manifest, and every ID recorded before the kill unchanged.
@Suite(.serialized) struct CrashSafetyTests {
    static let attendees = 48
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// A canonical attendance file: `attendees` people, every fifth below the threshold.
    static func attendance() -> String {
        var text = "full_name,email,job_title,minutes_attended\n"
        for index in 0..<attendees {
            let name = Samples.names[index % Samples.names.count]
            text += "\(name) \(index),crash\(index)@example.org,Youth Worker,\(index % 5 == 4 ? 60 : 200)\n"
        }
        return text
    }

    static var eligible: Int { (0..<attendees).filter { $0 % 5 != 4 }.count }

    struct Batch {
        let folder: URL
        var out: URL { folder.appendingPathComponent("out") }
        var registry: String { folder.appendingPathComponent("cpdcert.sqlite").path }
        var attendance: String { folder.appendingPathComponent("attendance.csv").path }
    }

    func makeBatch(_ label: String) throws -> Batch {
        let batch = Batch(folder: try ExternalTool.temporaryDirectory(label))
        try Data(Self.attendance().utf8).write(to: URL(fileURLWithPath: batch.attendance))
        return batch
    }

    func arguments(_ batch: Batch) -> [String] {
        [
            "issue", "--quiet", "--batch-size", "4", "--jobs", "2",
            "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", batch.attendance, "--out", batch.out.path, "--registry", batch.registry,
        ]
    }

    /// IDs in the registry now, by identity (empty when there is no registry yet).
    func recorded(_ batch: Batch) async throws -> [AttendeeIdentity: CertificateID] {
        guard FileManager.default.fileExists(atPath: batch.registry) else { return [:] }
        return try await SQLiteCertificateRegistry(path: batch.registry).issuedIDs(eventID: "county-lines-2020")
    }

    /// The audit of a converged batch.
    func checkInvariants(_ batch: Batch, keeping before: [AttendeeIdentity: CertificateID]) async throws {
        let registry = try SQLiteCertificateRegistry(path: batch.registry, readOnly: true)
        let rows = try await registry.certificates(eventID: "county-lines-2020", after: nil, limit: 10_000)
        #expect(rows.count == Self.eligible, "one certificate per eligible attendee")
        #expect(Set(rows.map(\.identity)).count == rows.count, "no attendee twice")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: batch.out.path))
        #expect(files == Set(rows.map(\.fileName)).union(["manifest.csv"]), "exactly one PDF per row, nothing else")
        for row in rows {
            let digest = try ExternalTool.run("sha256sum", [batch.out.appendingPathComponent(row.fileName).path])
            #expect(digest.stdout.hasPrefix(row.pdfSHA256), "PDF of \(row.id) matches its recorded hash")
        }
        let manifest = try String(contentsOf: batch.out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        #expect(manifest.split(separator: "\r\n").count == rows.count + 1, "manifest complete")
        let after = Dictionary(uniqueKeysWithValues: rows.map { ($0.identity, $0.id) })
        for (identity, id) in before {
            #expect(after[identity] == id, "an ID recorded before the kill stays the same")
        }
    }

    /// Every fault point, at its first and a later hit (the manifest is written once per run).
    static let killPoints = FaultPoint.batchPoints.flatMap { point in
        (point == .beforeManifest ? [1] : [1, 3, 7]).map { (point.rawValue, $0) }
    }

    @Test(arguments: killPoints)
    func killedAtAChosenPointConvergesOnRerun(point: String, hit: Int) async throws {
        let batch = try makeBatch("crash-\(point)-\(hit)")
        defer { try? FileManager.default.removeItem(at: batch.folder) }
        let killed = try ExternalTool.run(EndToEndTests.binary, arguments(batch), environment: ["CPDCERT_FAULT": "\(point):\(hit)"])
        #expect(killed.status == SIGKILL, "the fault point \(point):\(hit) was reached (status \(killed.status))")
        let before = try await recorded(batch)
        let rerun = try ExternalTool.run(EndToEndTests.binary, arguments(batch))
        #expect(rerun.status == 0, "rerun: \(rerun.stderr)")
        try await checkInvariants(batch, keeping: before)
    }

    @Test func killedAtRandomMomentsRepeatedlyConvergesOnRerun() async throws {
        let batch = try makeBatch("crash-random")
        defer { try? FileManager.default.removeItem(at: batch.folder) }
        var generator = SplitMix64(state: 2020)
        var before: [AttendeeIdentity: CertificateID] = [:]
        for _ in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
            process.arguments = arguments(batch)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000...600_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try await recorded(batch)
            for (identity, id) in before { #expect(now[identity] == id) }
            before = now
        }
        let rerun = try ExternalTool.run(EndToEndTests.binary, arguments(batch))
        #expect(rerun.status == 0, "rerun: \(rerun.stderr)")
        try await checkInvariants(batch, keeping: before)
    }
}
