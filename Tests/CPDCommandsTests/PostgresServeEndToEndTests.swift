import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert serve` on a PostgreSQL registry while the database restarts: lookups answer 200 or
/// 503 with Retry-After, never 500, `/readyz` says whether the database is reachable, and the
/// server serves again once PostgreSQL is back, without a restart of its own. And a batch during
/// a restart: it completes, or stops with a clear error and a re-run converges. One test at a
/// time: each restarts the shared cluster.
@Suite(.serialized) struct PostgresServeEndToEndTests {
    /// pg_ctl on the test cluster (Tests/with-postgres.sh names its folder), as its owner.
    static func pgctl(_ arguments: [String]) throws -> Int32 {
        let process = try startPgctl(arguments)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// pg_ctl started, not waited for.
    static func startPgctl(_ arguments: [String]) throws -> Process {
        let environment = ProcessInfo.processInfo.environment
        guard let data = environment["CPDCERT_TEST_POSTGRES_DATA"], let bin = environment["CPDCERT_TEST_POSTGRES_BIN"] else {
            throw PostgresTestDatabase.Failure(
                description: "CPDCERT_TEST_POSTGRES_DATA is not set: restarting the server needs the cluster Tests/with-postgres.sh starts")
        }
        let output = data + "/../pg_ctl.log"
        let command = (["\(bin)/pg_ctl", "-D", data, "-w", "-t", "60"] + arguments).map { "'\($0)'" }.joined(separator: " ")
        // Foundation learns that a process ended when every holder of a socket the child inherits
        // has closed it: the server pg_ctl leaves running would hold it for ever, so every
        // descriptor above 2 is closed first.
        let closeInherited = "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done; "
        let run = closeInherited + (getuid() == 0 ? "runuser -u postgres -- " : "") + command + " >>'\(output)' 2>&1"
        // No pipe at all: standard output and error go to /dev/null, pg_ctl's to the file.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", run]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func lookupsNeverFailWith500WhileTheDatabaseRestartsAndRecoverAfter() throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let folder = try ExternalTool.temporaryDirectory("pg-serve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
        let issued = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", folder.appendingPathComponent("out").path,
            "--registry", database.url,
        ])
        #expect(issued.status == 65, "\(issued.stderr)")
        let id = try database.psql("SELECT id FROM certificate ORDER BY id LIMIT 1")

        let server = try BackgroundProcess(
            EndToEndTests.binary,
            [
                "serve", "--registry", database.url, "--host", "127.0.0.1", "--port", "0",
                "--templates", Samples.packageRoot.appendingPathComponent("Templates").path,
                "--assets", Samples.packageRoot.appendingPathComponent("Assets").path,
            ], environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "the server did not start: \(server.printed.stderr)")
        #expect(try ServeFixtures.get("\(base)/api/v1/certificates/\(id)").status == 200)
        #expect(try ServeFixtures.get("\(base)/readyz").status == 200)

        // The database stopped: 503 with Retry-After, within the deadline; readyz says why.
        #expect(try Self.pgctl(["-m", "fast", "stop"]) == 0)
        let started = ContinuousClock.now
        let down = try ServeFixtures.get("\(base)/api/v1/certificates/\(id)")
        #expect(down.status == 503, "\(down.body)")
        #expect(down.headers["retry-after"] != nil)
        #expect(ContinuousClock.now - started < .seconds(15))
        let page = try ServeFixtures.get("\(base)/c/\(id)")
        #expect(page.status == 503, "\(page.body)")
        let ready = try ServeFixtures.get("\(base)/readyz")
        #expect(ready.status == 503 && ready.body.contains("database cannot be reached"), "\(ready.body)")
        #expect(try ServeFixtures.get("\(base)/healthz").status == 200)

        // Back again, through a restart under load: never a 500, and 200 once it answers.
        let log = (ProcessInfo.processInfo.environment["CPDCERT_TEST_POSTGRES_DATA"] ?? "") + "/../server.log"
        let startCommand = try Self.pgctl(["-l", log, "start"])
        #expect(startCommand == 0)
        var statuses: [Int] = []
        let restart = try Self.startPgctl(["-m", "fast", "-l", log, "restart"])
        for _ in 0..<60 {
            statuses.append(try ServeFixtures.get("\(base)/api/v1/certificates/\(id)").status)
            Thread.sleep(forTimeInterval: 0.05)
        }
        restart.waitUntilExit()
        #expect(restart.terminationStatus == 0)
        var recovered = false
        for _ in 0..<100 where !recovered {
            recovered = try ServeFixtures.get("\(base)/api/v1/certificates/\(id)").status == 200
            if !recovered { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(recovered, "\(server.printed.stderr)")
        #expect(Set(statuses).isSubset(of: [200, 503]), "\(statuses)")
        #expect(try ServeFixtures.get("\(base)/readyz").status == 200)
    }

    @Test func aBatchDuringARestartCompletesOrStopsClearlyAndARerunConverges() throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let folder = try ExternalTool.temporaryDirectory("pg-restart-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attendance = folder.appendingPathComponent("attendance.csv")
        let generated = try ExternalTool.run(
            "sh", ["-c", "python3 Benchmarks/generate_attendance.py 800 > \"$0\"", attendance.path], directory: Samples.packageRoot)
        #expect(generated.status == 0, "\(generated.stderr)")
        let out = folder.appendingPathComponent("out")
        let arguments = [
            "issue", "--event", Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path,
            "--attendance", attendance.path, "--out", out.path, "--registry", database.url, "--jobs", "1", "--claim-lease", "5",
        ]
        let runner = try BackgroundProcess(EndToEndTests.binary, arguments, environment: ["CPDCERT_REGISTRY": ""])
        let underway = runner.waitForLine(timeout: 120, errors: true) { $0.contains("issued 64 of") ? true : nil }
        #expect(underway == true, "\(runner.printed)")
        let log = (ProcessInfo.processInfo.environment["CPDCERT_TEST_POSTGRES_DATA"] ?? "") + "/../server.log"
        #expect(try Self.pgctl(["-m", "fast", "-l", log, "restart"]) == 0)
        let status = runner.waitUntilExit()
        let said = runner.printed.stderr
        // Completed, or stopped saying the registry could not be written (exit 74), never a crash or a hang.
        #expect(status == 0 || (status == 74 && said.contains("registry")), "\(status): \(said)")

        let rerun = try EndToEndTests.cpdcert(arguments)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        let eligible = try database.psql("SELECT count(*) FROM attendance_record WHERE eligible")
        #expect(try database.psql("SELECT count(*) FROM certificate") == eligible)
        #expect(try database.psql("SELECT count(DISTINCT identity) FROM certificate") == eligible)
        let size = try database.psql("SELECT size FROM log_head")
        #expect(try database.psql("SELECT count(*) FROM log_entry") == size)
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }
        #expect("\(pdfs.count)" == eligible)
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", database.url, "--pdfs", out.path])
        #expect(!audit.stdout.contains("PROBLEM certificate"), "\(audit.stdout)")
    }
}
