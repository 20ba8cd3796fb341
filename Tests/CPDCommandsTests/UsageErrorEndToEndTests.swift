import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// ArgumentParser's own messages quote what was typed; they are escaped like every other line.
@Suite struct UsageErrorEndToEndTests {
    @Test(arguments: [["--\u{1B}[2Jx"], ["issue", "--jobs", "\u{1B}]0;owned\u{07}"], ["verify", "a", "b\u{202E}c"]])
    func whatWasTypedIsNeverPrintedRaw(arguments: [String]) throws {
        let result = try EndToEndTests.cpdcert(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        let raw = result.stderr.unicodeScalars.filter { VisibleText.isActive($0) && $0 != "\n" }
        #expect(raw.isEmpty, "\(result.stderr)")
        #expect(result.stderr.contains("<U+"), "\(result.stderr)")
    }

    @Test func helpAndCompletionScriptsAreLeftAsTheyAre() throws {
        let completion = try EndToEndTests.cpdcert(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.stdout.contains("complete -o filenames -F _cpdcert cpdcert"))
        #expect(!completion.stdout.contains("<U+"))
    }
}

/// A reader that goes away early (`| head`) ends the printing, not the work.
@Suite struct ClosedPipeEndToEndTests {
    @Test func eligibilityAndIssueFinishWhenTheReaderOfTheirOutputIsGone() throws {
        let folder = try ExternalTool.temporaryDirectory("closed-pipe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attendance = folder.appendingPathComponent("attendance.csv")
        let generated = try ExternalTool.run(
            "sh", ["-c", "python3 Benchmarks/generate_attendance.py 1500 > \"$0\"", attendance.path], directory: Samples.packageRoot)
        #expect(generated.status == 0, "\(generated.stderr)")
        let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        // Each command's output goes to `head -c 1`, which exits at once; the command's own status is printed.
        let script = """
            "$0" eligibility --event "$1" --attendance "$2" | head -c 1 > /dev/null; echo "eligibility ${PIPESTATUS[0]}"
            "$0" issue --event "$1" --attendance "$2" --out "$3" --registry "$4" | head -c 1 > /dev/null; echo "issue ${PIPESTATUS[0]}"
            """
        let result = try ExternalTool.run(
            "bash", ["-c", script, EndToEndTests.binary, event, attendance.path, folder.appendingPathComponent("out").path, registry],
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: Samples.packageRoot)
        // 141 would be death by SIGPIPE.
        #expect(result.stdout.contains("eligibility 0"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("issue 0"), "\(result.stdout)\(result.stderr.suffix(300))")
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", registry])
        let checked = try #require(audit.stdout.firstRange(of: /Checked (\d+) certificates/), "\(audit.stdout)")
        let eligible = try #require(Int(audit.stdout[checked].split(separator: " ")[1]))
        #expect(eligible > 1200, "\(audit.stdout)")
    }
}
