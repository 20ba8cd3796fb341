import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// The built binary against the machine failing under it: a full disk, a read-only output folder,
/// a registry in a folder it cannot write, a damaged registry. The disk and the read-only places
/// are real: a small tmpfs and read-only bind mounts in a mount namespace of the test's own
/// (`unshare -m`, as root, which CI is); without root those tests are skipped.
@Suite(.serialized) struct MachineFaultTests {
    static let isRoot = getuid() == 0
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    func issueArguments(out: URL, registry: String) -> [String] {
        [
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", registry,
        ]
    }

    /// Runs `cpdcert arguments` in a mount namespace where `setup` (shell, with "$0" the folder
    /// `folder`) has run first; prints the folder's listing after the marker.
    func inNamespace(_ setup: String, folder: URL, _ arguments: [String]) throws -> (result: ExternalTool.Result, listing: [String]) {
        let script = "\(setup) || exit 99; \"$@\"; status=$?; echo '--listing--'; ls -A \"$0\"; exit $status"
        var result = try ExternalTool.run(
            "unshare", ["-m", "sh", "-c", script, folder.path, EndToEndTests.binary] + arguments,
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: Samples.packageRoot)
        let parts = result.stdout.components(separatedBy: "--listing--\n")
        result.stdout = parts[0]
        return (result, parts.count > 1 ? parts[1].split(separator: "\n").map(String.init) : [])
    }

    @Test(.enabled(if: isRoot, "needs root for a tmpfs in a mount namespace"))
    func aFullDiskOnTheLastBatchSaysSoLeavesNoTemporaryAndTheRerunConverges() throws {
        let folder = try ExternalTool.temporaryDirectory("full-disk")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        // 29 certificates in one batch: about 40 KB each, so 256 KB fills up on the only batch.
        let (full, listing) = try inNamespace(
            "mount -t tmpfs -o size=256k cpdcert-full \"$0\"", folder: out, issueArguments(out: out, registry: registry))
        #expect(full.status == 74, "stdout: \(full.stdout)\nstderr: \(full.stderr)")
        #expect(full.stderr.contains("the output folder's disk is full (\(out.path))"), "\(full.stderr)")
        #expect(!full.stderr.contains("NSPOSIXErrorDomain"))
        #expect(listing.filter { $0.hasPrefix(".") }.isEmpty, "temporaries left: \(listing)")

        // The rows were committed before the files: with space again, the same command puts
        // every PDF in place, byte for byte as recorded.
        let again = try EndToEndTests.cpdcert(issueArguments(out: out, registry: registry))
        #expect(again.status == 65, "\(again.stderr)")
        #expect(again.stdout.contains("already issued:   29"))
        #expect(again.stdout.contains("PDFs re-created:  29"))
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", registry, "--pdfs", out.path])
        #expect(audit.stdout.contains("29 PDFs"), "\(audit.stdout)")
        #expect(!audit.stdout.contains("PROBLEM PDF"), "\(audit.stdout)")
    }

    @Test(.enabled(if: isRoot, "needs root for a read-only bind mount"))
    func aReadOnlyOutputFolderSaysSoAndRecordsWhatItCould() throws {
        let folder = try ExternalTool.temporaryDirectory("ro-out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let (result, listing) = try inNamespace(
            "mount --bind -o ro \"$0\" \"$0\"", folder: out, issueArguments(out: out, registry: registry))
        #expect(result.status == 74, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("the output folder is on a read-only file system (\(out.path))"), "\(result.stderr)")
        #expect(listing.isEmpty)
    }

    /// Issues the example into `folder` and returns the registry's path and one certificate ID.
    func issued(into folder: URL) throws -> (registry: String, id: String) {
        let registry = folder.appendingPathComponent("registry/cpdcert.sqlite").path
        let out = folder.appendingPathComponent("out")
        let result = try EndToEndTests.cpdcert(issueArguments(out: out, registry: registry))
        #expect(result.status == 65, "\(result.stderr)")
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") })
        return (registry, String(pdf.dropLast(4)))
    }

    enum Layout: String, CaseIterable {
        /// As a current cpdcert leaves it: -wal and -shm kept beside the file.
        case keptByWriter
        /// As an older cpdcert left it, or a copy: the file alone.
        case fileAlone
    }

    @Test(.enabled(if: isRoot, "needs root for a read-only bind mount"), arguments: Layout.allCases)
    func verifyAndServeReadARegistryInAReadOnlyFolder(_ layout: Layout) throws {
        let folder = try ExternalTool.temporaryDirectory("ro-registry")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (registry, id) = try issued(into: folder)
        if layout == .fileAlone {
            for suffix in ["-wal", "-shm"] { try FileManager.default.removeItem(atPath: registry + suffix) }
        }
        let registryFolder = URL(fileURLWithPath: registry).deletingLastPathComponent()
        let readOnly = "mount --bind -o ro \"$0\" \"$0\""
        let (verified, _) = try inNamespace(readOnly, folder: registryFolder, ["verify", id, "--registry", registry])
        #expect(verified.status == 0, "stderr: \(verified.stderr)")
        #expect(verified.stdout.contains("\(id): VALID"))

        let server = try BackgroundProcess(
            "/usr/bin/unshare",
            [
                "-m", "sh", "-c", "\(readOnly) && exec \"$@\"", registryFolder.path, EndToEndTests.binary, "serve", "--registry",
                registry, "--host", "127.0.0.1", "--port", "0",
            ], environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        defer { server.stop() }
        let base = try #require(
            server.servingBase(), "the server did not start: \(server.printed.stderr)")
        let page = try ExternalTool.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/api/v1/certificates/\(id)"])
        #expect(page.stdout == "200")
        #expect(server.printed.stderr.contains("served as a snapshot") == (layout == .fileAlone), "\(server.printed.stderr)")

        // Outside the namespace the folder is writable: a writer opens the registry. A
        // snapshot must not go on answering from pages that may be changing under it.
        let revoked = try EndToEndTests.cpdcert(["revoke", id, "--reason", "issued-in-error", "--registry", registry])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try ExternalTool.run("curl", ["-s", "-w", "\n%{http_code}", "\(base)/api/v1/certificates/\(id)"])
        if layout == .fileAlone {
            #expect(after.stdout.hasSuffix("\n503"), "\(after.stdout)")
            // The warning is logged as the 503 goes out: wait for it rather than race it.
            let warned = server.waitForLine(timeout: 10, errors: true) {
                $0.contains("opened as a read-only snapshot and has been written since") ? true : nil
            }
            #expect(warned == true, "\(server.printed.stderr)")
        } else {
            #expect(after.stdout.contains("\"status\" : \"revoked\""), "\(after.stdout)")
        }
    }

    // Before, GRDB's migrator read the applied migrations outside a transaction: of several
    // first runs at once, the later ones failed ("table certificate already exists").
    @Test func firstRunsStartedTogetherOnANewRegistryAllMigrateIt() throws {
        let folder = try ExternalTool.temporaryDirectory("first-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<4 {
            let registry = folder.appendingPathComponent("round-\(round).sqlite").path
            // `revoke` of an ID nobody issued opens the registry for writing, then exits 1.
            let runs = try (0..<8).map { _ in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
                process.environment = ProcessInfo.processInfo.environment.merging(["CPDCERT_KEYS": EndToEndTests.noKeys]) { $1 }
                process.arguments = ["revoke", "0000-0000-0000-0000-0000", "--reason", "issued-in-error", "--registry", registry]
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return (process, errors)
            }
            for (process, errors) in runs {
                let message = String(decoding: ExternalTool.readAll(errors.fileHandleForReading), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 1, "round \(round): \(message)")
                #expect(message.contains("no certificate 0000-0000-0000-0000-0000"), "round \(round): \(message)")
            }
        }
    }

    // Before, the loser of two runs at once (its only batch refused by the registry) died of
    // SIGILL with no message and left its temporaries; or named an ID that was never issued.
    @Test func twoRunsOfOneEventAtOnceIssueEachCertificateOnceAndTheLoserSaysWhy() throws {
        let folder = try ExternalTool.temporaryDirectory("two-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        for round in 0..<3 {
            let outs = (0..<2).map { folder.appendingPathComponent("round-\(round)-out-\($0)") }
            let runs = try outs.map { out in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
                process.environment = ProcessInfo.processInfo.environment.merging(["CPDCERT_KEYS": EndToEndTests.noKeys]) { $1 }
                process.arguments = issueArguments(out: out, registry: registry) + ["--quiet"]
                process.currentDirectoryURL = Samples.packageRoot
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return (process, errors)
            }
            for ((process, errors), out) in zip(runs, outs) {
                let message = String(decoding: ExternalTool.readAll(errors.fileHandleForReading), as: UTF8.self)
                process.waitUntilExit()
                // 65: the example's four malformed rows; 74: the other run issued first.
                #expect([65, 74].contains(process.terminationStatus), "round \(round): \(process.terminationStatus) \(message)")
                if process.terminationStatus == 74 {
                    #expect(message.contains("another run issued a certificate to the same attendee"), "\(message)")
                }
                let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
                #expect(left.isEmpty, "temporaries left: \(left)")
            }
            let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", registry])
            #expect(audit.stdout.contains("Checked 29 certificates"), "\(audit.stdout)")
        }
    }

    @Test func aDamagedRegistryIsARegistryErrorForEveryCommand() throws {
        let folder = try ExternalTool.temporaryDirectory("damaged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (registry, id) = try issued(into: folder)
        let damage = try ExternalTool.run(
            "sqlite3",
            [
                registry,
                "DROP TRIGGER certificate_no_update; UPDATE certificate SET content = 'not json' WHERE id = '\(id.replacingOccurrences("-", ""))';",
            ])
        #expect(damage.status == 0, "\(damage.stderr)")
        for command in [
            ["audit", "verify"], ["audit", "export", "--out", folder.appendingPathComponent("export").path], ["verify", id],
            ["audit", "event", "county-lines-2020"],
        ] {
            let result = try EndToEndTests.cpdcert(command + ["--registry", registry])
            #expect(result.status == 74, "\(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("cannot be read"), "\(command): \(result.stderr)")
        }
    }
}
