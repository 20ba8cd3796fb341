import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `cpdcert send` of a 500-certificate event over real SMTP, killed with SIGKILL at random
/// instants and run again until it finishes: every certificate delivered, no message delivered
/// twice beyond the one in flight at each kill, and a delivery log that says exactly what the
/// server holds. The instants come from a seed printed in every failure
/// (`CPDCERT_TEST_SEED=<seed>` runs the same instants again).
@Suite(.serialized) struct SendKillEndToEndTests {
    static let attendees = 500
    static let kills = 5

    /// `attendees` people, every one eligible, names in many scripts.
    static func attendance() -> String {
        var text = "full_name,email,job_title,minutes_attended\n"
        for index in 0..<attendees {
            text += "\(Samples.names[index % Samples.names.count]) \(index),kill\(index)@example.org,Youth Worker,200\n"
        }
        return text
    }

    @Test func killedAtRandomInstantsTheSameCommandDeliversEachCertificateOnce() async throws {
        let seed = ProcessInfo.processInfo.environment["CPDCERT_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)
        let folder = try ExternalTool.temporaryDirectory("e2e-send-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let out = folder.appendingPathComponent("out").path
        let attendance = folder.appendingPathComponent("attendance.csv")
        try Data(Self.attendance().utf8).write(to: attendance)
        let issued = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--jobs", "2", "--event", SendSMTPEndToEndTests.event, "--attendance", attendance.path, "--out", out,
            "--registry", registry,
        ])
        try #require(issued.status == 0, "\(issued.stderr)")
        let server = try SMTPTestServer(in: folder)
        defer { server.stop() }
        let arguments = [
            "send", "--event", "county-lines-2020", "--from", SendFixtures.from, "--registry", registry, "--smtp", server.url(),
            "--smtp-ca", server.certificate.path, "--pdfs", out, "--json",
        ]
        let environment = [
            "CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_SMTP_USER": server.user,
            "CPDCERT_SMTP_PASSWORD": server.password,
        ]

        // Kill each run at a random instant once it has started delivering, at most `kills` times.
        var generator = SplitMix64(state: seed)
        var delays: [Int] = []
        var killed = 0
        for _ in 0..<Self.kills {
            let before = server.events("accepted").count
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.currentDirectoryURL = Samples.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for its first acceptance, then a random 0-700 ms more.
            let deadline = Date().addingTimeInterval(30)
            while server.events("accepted").count == before && process.isRunning && Date() < deadline { usleep(5_000) }
            let delay = Int.random(in: 0...700_000, using: &generator)
            delays.append(delay / 1000)
            usleep(UInt32(delay))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
        }
        let context = "seed \(seed) (CPDCERT_TEST_SEED=\(seed) repeats it), kills after \(delays) ms"
        #expect(killed >= 3, "most runs were killed before they finished: \(context)")
        let final = try ExternalTool.run(EndToEndTests.binary, arguments, environment: environment, directory: Samples.packageRoot)
        #expect(final.status == 0, "\(final.stderr) \(context)")

        // The server's record, read back with Python's email package: Message-ID of each message received.
        let certificates = try await SQLiteCertificateRegistry(path: registry, readOnly: true).certificates(
            eventID: "county-lines-2020", after: nil, limit: 10_000)
        try #require(certificates.count == Self.attendees)
        let domain = "policyforesight.example.org"
        let expected = Set(certificates.map { "<\($0.id.compact).certificate@\(domain)>" })
        let read = try MailReader.readFiles(server.received)
        let received = read.map(\.message_id)
        #expect(received == server.events("accepted").compactMap { $0["message_id"] as? String }, "the parser and the server agree")
        let counts = Dictionary(received.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(Set(received) == expected, "every certificate delivered, nothing else: \(context)")
        let duplicates = counts.values.reduce(0) { $0 + $1 - 1 }
        #expect(duplicates <= killed, "at most one message in flight a kill: \(duplicates) duplicates, \(killed) kills, \(context)")
        #expect(counts.values.allSatisfy { $0 <= 2 }, "no message three times: \(context)")
        #expect(read.allSatisfy { $0.attachments.count == 1 && $0.defects.isEmpty }, "\(context)")

        // The delivery log: one accepted attempt a certificate, numbered without gaps, each one the server holds.
        let log = try await SQLiteCertificateRegistry(path: registry, readOnly: true).deliveries(eventID: "county-lines-2020")
        let accepted = log.filter { $0.outcome == .accepted }
        #expect(log.count == accepted.count, "nothing failed: \(log.filter { $0.outcome != .accepted }.map(\.replyText))")
        #expect(accepted.count == Self.attendees, "one accepted row a certificate: \(context)")
        #expect(Set(accepted.map(\.certificateID)) == Set(certificates.map(\.id)))
        #expect(Set(accepted.map(\.messageID)) == expected)
        #expect(accepted.allSatisfy { $0.attempt == 1 }, "an in-flight message leaves no row, so every row is attempt 1: \(context)")
        let again = try ExternalTool.run(EndToEndTests.binary, arguments, environment: environment, directory: Samples.packageRoot)
        #expect(again.status == 0)
        #expect(server.received.count == received.count, "a run after convergence sends nothing: \(context)")
    }
}
