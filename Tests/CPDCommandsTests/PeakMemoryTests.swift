import CPDTestSupport
import Foundation
import Glibc
import Testing

/// How much memory `eligibility` takes for a large attendance report, against the report's size.
///
/// A bound on the peak resident size, not a timing: it holds on a busy machine. The bound is six
/// times the file plus the peak of the same command on a ten-row file (the binary, Foundation and
/// ICU: about 50 MB). In a debug build, a 20 MB report took that base plus 14.7 times its size
/// while every report line was built before any was printed, and 4.6 times once each line was
/// written as it was made; the workload is fixed, so six times is headroom, not a coin toss.
@Suite(.serialized) struct PeakMemoryTests {
    let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path

    /// `count` fictional attendees as canonical CSV, names in several scripts, emails at example.org.
    static func attendance(_ count: Int) -> String {
        let given = ["Siân", "Aoife", "Małgorzata", "Nguyễn Thị", "Adébáyọ̀", "فاطمة", "秀英", "Dafydd", "Zoë", "Chidinma"]
        let family = ["Llywelyn", "Ní Bhriain", "Wiśniewska", "Hằng", "Ọlátúnjí", "الزهراء", "王", "ap Gruffudd", "Okafor"]
        let roles = ["Social Worker", "School Nurse", "Youth Worker", "Designated Safeguarding Lead", "Probation Officer"]
        let organisations = ["Harbourside Children's Services", "Riverside NHS Foundation Trust", "Westmoor Borough Council"]
        var text = "full_name,email,job_title,organisation,minutes_attended\n"
        for index in 0..<count {
            let name = "\(given[index % given.count]) \(family[(index / given.count) % family.count])"
            let minutes = index % 10 == 0 ? 60 + index % 90 : 160 + index % 51
            let organisation = organisations[index % organisations.count]
            text += "\(name),attendee\(index)@example.org,\(roles[index % roles.count]),\"\(organisation)\",\(minutes)\n"
        }
        return text
    }

    @Test func aLargeReportTakesASmallMultipleOfItsSizeInMemory() throws {
        let folder = try ExternalTool.temporaryDirectory("peak-memory")
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = folder.appendingPathComponent("small.csv")
        try Self.attendance(10).write(to: small, atomically: true, encoding: .utf8)
        let large = folder.appendingPathComponent("attendance.csv")
        try Self.attendance(100_000).write(to: large, atomically: true, encoding: .utf8)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: large.path)[.size] as? Int)
        let output = folder.appendingPathComponent("report.txt").path

        let base = try Self.run(["eligibility", "--event", event, "--attendance", small.path], stdout: output)
        #expect(base.status == 0)
        let measured = try Self.run(["eligibility", "--event", event, "--attendance", large.path], stdout: output)
        #expect(measured.status == 0)
        let report = try String(contentsOfFile: output, encoding: .utf8)
        let totals = "Totals: 100000 people, 90000 eligible, 10000 not eligible; 0 rows rejected; 0 rows not about attendees\n"
        #expect(report.hasSuffix(totals))
        let bound = 6 * size + base.peakBytes
        #expect(
            measured.peakBytes < bound,
            "peak \(measured.peakBytes / 1_048_576) MiB for a \(size / 1_048_576) MiB report (\(Double(measured.peakBytes) / Double(size)) times), base \(base.peakBytes / 1_048_576) MiB"
        )
    }

    /// Runs the built `cpdcert` with its standard output into the file `stdout`, and returns its
    /// exit status and peak resident size (the kernel's ru_maxrss for the child, read by wait4).
    static func run(_ arguments: [String], stdout: String) throws -> (status: Int32, peakBytes: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([EndToEndTests.binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, EndToEndTests.binary, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        // Exited normally: the low seven bits are zero and the status is the next byte.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        // Linux reports ru_maxrss in kibibytes.
        return (exitStatus, usage.ru_maxrss * 1024)
    }
}
