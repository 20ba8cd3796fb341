import CPDOperations
import Testing

@testable import CPDCommands

@Suite struct ProgressBarTests {
    let parts = ["12.5/s", "elapsed 0:40", "ETA 1:20"]

    // Before, the bar was 30 cells and every part at any width: on a terminal narrower than its
    // line it wrapped, and each update scrolled the screen.
    @Test(arguments: [200, 100, 80, 60, 40, 30, 20, 12])
    func theLineFitsTheTerminal(columns: Int) {
        let progress = BatchProgress(total: 1500, issued: 500, checked: 0, failed: 3)
        let line = ProgressReporter.barLine(progress, percent: 33, parts: parts, columns: columns)
        #expect(line.count < columns, "\(columns): \(line)")
        #expect(line.contains("failed 3") || columns < 30, "\(columns): \(line)")
    }

    @Test func aWideTerminalGetsTheWholeLineAndANarrowOneKeepsTheCount() {
        let progress = BatchProgress(total: 1500, issued: 750, checked: 0, failed: 0)
        let wide = ProgressReporter.barLine(progress, percent: 50, parts: parts, columns: 200)
        #expect(
            wide == String(repeating: "█", count: 15) + String(repeating: "░", count: 15) + " 750/1500 50%  12.5/s  elapsed 0:40  ETA 1:20")
        let narrow = ProgressReporter.barLine(progress, percent: 50, parts: parts, columns: 40)
        #expect(narrow.contains("750/1500 50%"))
        #expect(!narrow.contains("ETA"))
    }
}
