import CPDCore
import CPDTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Several `cpdcert issue` processes sharing one event's work on one PostgreSQL registry
/// (Tests/with-postgres.sh), each with its own `--out`: one of three killed with SIGKILL right
/// after committing a batch whose PDFs it never wrote; the other two pick up its claims when the
/// lease ends and re-create those PDFs.
@Suite struct PostgresSharedRunnersEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    @Test func threeRunnersOneKilledIssueEveryEligibleAttendeeExactlyOnce() throws {
        let database = try PostgresTestDatabase.create()
        let folder = try ExternalTool.temporaryDirectory("pg-shared")
        defer {
            database.drop()
            try? FileManager.default.removeItem(at: folder)
        }
        let keys = folder.appendingPathComponent("keys").path
        #expect(try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/shared", "--keys", keys]).status == 0)
        #expect(try EndToEndTests.cpdcert(["registry", "init", "--registry", database.url]).status == 0)
        let attendance = folder.appendingPathComponent("attendance.csv")
        let generated = try ExternalTool.run(
            "sh", ["-c", "python3 Benchmarks/generate_attendance.py 3000 > \"$0\"", attendance.path], directory: Samples.packageRoot)
        #expect(generated.status == 0, "\(generated.stderr)")

        let outs = (1...3).map { folder.appendingPathComponent("out\($0)") }
        let runners = try outs.enumerated().map { index, out in
            try BackgroundProcess(
                EndToEndTests.binary,
                [
                    "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance", attendance.path,
                    "--out", out.path, "--registry", database.url, "--keys", keys, "--jobs", "1", "--claim-lease", "10",
                ],
                // The second runner dies by SIGKILL just after committing its fifth batch of rows.
                environment: ["CPDCERT_REGISTRY": "", "CPDCERT_FAULT": index == 1 ? "after-commit:5" : ""],
                directory: Samples.packageRoot)
        }
        let statuses = runners.map { $0.waitUntilExit() }
        #expect(statuses == [0, SIGKILL, 0], "\(runners.map(\.printed))")

        let eligible = try #require(Self.eligibleCount(runners[0].printed.stdout), "\(runners[0].printed.stdout)")
        #expect(eligible > 2500)
        // Exactly one certificate per eligible attendee, whoever issued it.
        #expect(try database.psql("SELECT count(*) FROM certificate") == "\(eligible)")
        #expect(try database.psql("SELECT count(DISTINCT identity) FROM certificate") == "\(eligible)")
        // The log gap-free: as many entries as its head says, indexed 0 up.
        let size = try database.psql("SELECT size FROM log_head")
        #expect(try database.psql("SELECT count(*) FROM log_entry") == size)
        #expect(try database.psql("SELECT max(idx) + 1 FROM log_entry") == size)

        // Each PDF in exactly one folder, and every certificate's PDF in one of them; the two
        // that lived re-created the PDFs of the rows the killed one committed and never wrote.
        // Each credential likewise, beside its PDF.
        var seen: [String: URL] = [:], credentials: [String: URL] = [:]
        for out in outs {
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                if name.hasSuffix(".pdf") {
                    #expect(seen[name] == nil, "\(name) was written to \(seen[name]!.lastPathComponent) and \(out.lastPathComponent)")
                    seen[name] = out
                } else if name.hasSuffix(".credential.jwt") {
                    #expect(credentials[name] == nil, "\(name) was written to two folders")
                    credentials[name] = out
                }
            }
        }
        #expect(seen.count == eligible)
        for (name, out) in credentials { #expect(seen[name.replacingOccurrences(of: ".credential.jwt", with: ".pdf")] == out) }
        let killedWrote = seen.values.count { $0 == outs[1] }
        #expect(killedWrote == 4 * 64, "the killed runner wrote its first four batches")
        // Credentials are signed at a run's end: those of the killed runner's PDFs wait for its next run in its folder.
        #expect(credentials.count == eligible - killedWrote)
        let recreated = [0, 2].map { Self.recreatedCount(runners[$0].printed.stdout) }
        #expect(recreated.reduce(0, +) == 64, "\(recreated): the fifth batch, committed and never written, re-created")
        // No certificate was drawn by two runners (a lease that ran out under a live runner would let another draw it too).
        for index in [0, 2] { #expect(!runners[index].printed.stdout.contains("dropped"), "\(runners[index].printed.stdout)") }
        // Each survivor's manifest lists the certificates whose PDFs its folder holds.
        for index in [0, 2] {
            let manifest = try String(contentsOf: outs[index].appendingPathComponent("manifest.csv"), encoding: .utf8)
            let rows = manifest.split(whereSeparator: \.isNewline).dropFirst()
            #expect(rows.count == seen.values.count { $0 == outs[index] })
            let here = Set(seen.filter { $0.value == outs[index] }.keys)
            let named = Set(rows.compactMap { row in row.firstMatch(of: /[0-9A-Z]{4}(-[0-9A-Z]{4}){4}\.pdf/).map { String($0.output.0) } })
            #expect(named == here)
        }
        // A survivor with nothing left to claim said what it waited for (the killed runner's claims).
        #expect(
            [0, 2].contains { runners[$0].printed.stderr.contains("waiting for another run of this event: it holds") },
            "\(runners[0].printed.stderr)")
        // Both that lived took a share.
        for index in [0, 2] { #expect(seen.values.count { $0 == outs[index] } > 300) }

        // A later run in one folder: nothing to issue, and only the PDFs written to that folder are checked.
        func rerun(_ out: URL) throws {
            let result = try EndToEndTests.cpdcert([
                "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance", attendance.path,
                "--out", out.path, "--registry", database.url, "--keys", keys, "--jobs", "1",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("issued now:       0"), "\(result.stdout)")
            #expect(!result.stdout.contains("PDFs re-created"), "\(result.stdout)")
        }
        // The killed runner run again in its folder: its credentials are signed.
        try rerun(outs[1])
        for name in try FileManager.default.contentsOfDirectory(atPath: outs[1].path) where name.hasSuffix(".credential.jwt") {
            credentials[name] = outs[1]
        }
        #expect(credentials.count == eligible)

        // The audit, over the three folders' PDFs together: every PDF's hash is its row's.
        let all = folder.appendingPathComponent("all")
        try FileManager.default.createDirectory(at: all, withIntermediateDirectories: true)
        for (name, out) in seen.merging(credentials, uniquingKeysWith: { first, _ in first }) {
            try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: all.appendingPathComponent(name))
        }
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", database.url, "--pdfs", all.path, "--keys", keys])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("Checked \(eligible) certificates, 3000 attendance records"), "\(audit.stdout)")

        // Every claim is written, and a run afterwards finds nothing to do.
        #expect(try database.psql("SELECT count(*) FROM work_claim WHERE written_to IS NULL") == "0")
        try rerun(outs[0])
    }

    /// Work is claimed and leased, and one run alone issues everything.
    @Test func oneRunnerAloneIssuesTheWholeEvent() throws {
        let database = try PostgresTestDatabase.create()
        let folder = try ExternalTool.temporaryDirectory("pg-shared-one")
        defer {
            database.drop()
            try? FileManager.default.removeItem(at: folder)
        }
        let out = folder.appendingPathComponent("out")
        let result = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", database.url,
        ])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stdout.contains("issued now:       29"), "\(result.stdout)")
        #expect(result.stdout.contains("by other runners: 0"), "\(result.stdout)")
        #expect(try database.psql("SELECT count(*) FROM work_claim") == "29")
        let written = try database.psql("SELECT DISTINCT written_to FROM work_claim")
        #expect(written.hasSuffix(":" + out.resolvingSymlinksInPath().path), "\(written)")
        // Deleting a PDF: the next run in the same folder re-creates it.
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") })
        try FileManager.default.removeItem(at: out.appendingPathComponent(pdf))
        let again = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", database.url,
        ])
        #expect(again.stdout.contains("PDFs re-created:  1"), "\(again.stdout)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(pdf).path))
    }

    static func eligibleCount(_ stdout: String) -> Int? {
        let issued = number(after: "issued now:", in: stdout), others = number(after: "by other runners:", in: stdout)
        guard let issued, let others else { return nil }
        return issued + others + (number(after: "already issued:", in: stdout) ?? 0)
    }

    static func recreatedCount(_ stdout: String) -> Int { number(after: "PDFs re-created:", in: stdout) ?? 0 }

    static func number(after label: String, in text: String) -> Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        return Int(line.split(separator: ":", maxSplits: 1)[1].split(separator: " ").first ?? "")
    }
}
