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
