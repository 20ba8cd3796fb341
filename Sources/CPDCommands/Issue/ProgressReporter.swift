import CPDOperations
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Shows a batch's progress: a live bar on a terminal, a plain line every few seconds
/// otherwise, JSON lines for machines, or nothing.
final class ProgressReporter: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`; the runner calls from one writer.
    enum Mode {
        case bar, lines, json, quiet
    }

    private let mode: Mode
    private let lock = NSLock()
    private let started = Date()
    private var lastShown = Date.distantPast
    private var lastWidth = 0
    private let interval: TimeInterval

    init(mode: Mode) {
        self.mode = mode
        switch mode {
        case .bar: interval = 0.1
        case .lines: interval = 5
        case .json: interval = 1
        case .quiet: interval = .infinity
        }
    }

    /// The mode for these flags and this standard error.
    static func mode(quiet: Bool, json: Bool) -> Mode {
        if json { return .json }
        if quiet { return .quiet }
        return isatty(STDERR_FILENO) == 1 ? .bar : .lines
    }

    func report(_ progress: BatchProgress) {
        lock.withLock {
            let now = Date()
            let finished = progress.done >= progress.total
            guard mode != .quiet, finished || now.timeIntervalSince(lastShown) >= interval else { return }
            // Nothing to issue (a re-run): the summary says so; a bar of 0 of 0 would be noise.
            guard progress.total > 0 || mode == .json else { return }
            lastShown = now
            show(progress, elapsed: now.timeIntervalSince(started))
        }
    }

    /// The bar's line, fitted to a terminal `columns` wide: a line that wrapped would scroll
    /// the terminal on every update. The bar shrinks first (to 10 cells), then the least useful
    /// parts go (ETA, elapsed, rate); the count and the failures stay.
    static func barLine(_ progress: BatchProgress, percent: Int, parts: [String], columns: Int) -> String {
        let failed = progress.failed > 0 ? "  failed \(progress.failed)" : ""
        let count = " \(progress.done)/\(progress.total) \(percent)%"
        var parts = parts
        // One column is left free: writing the last one moves some terminals to the next line.
        let room = max(1, columns - 1)
        while true {
            let rest = count + parts.map { "  " + $0 }.joined() + failed
            let width = min(30, room - rest.count)
            if width >= 10 || parts.isEmpty {
                let cells = max(0, width)
                let filled = progress.total > 0 ? cells * progress.done / progress.total : cells
                let line = String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled) + rest
                return line.count <= room ? line : String((count + failed).prefix(room))
            }
            parts.removeLast()
        }
    }

    /// The width of the terminal standard error is on (80 when it cannot be told).
    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Ends the bar's line so the summary starts on a fresh one.
    func finish() {
        lock.withLock {
            if mode == .bar && lastWidth > 0 { Console.write("\n", to: STDERR_FILENO) }
        }
    }

    private func show(_ progress: BatchProgress, elapsed: TimeInterval) {
        let rate = elapsed > 0 ? Double(progress.done) / elapsed : 0
        let remaining = rate > 0 ? Double(progress.total - progress.done) / rate : 0
        let percent = progress.total > 0 ? 100 * progress.done / progress.total : 100
        switch mode {
        case .bar:
            let line = Self.barLine(
                progress, percent: percent,
                parts: ["\(Self.format(rate))/s", "elapsed \(Self.clock(elapsed))", "ETA \(Self.clock(remaining))"],
                columns: Self.terminalColumns())
            let padding = max(0, lastWidth - line.count)
            lastWidth = line.count
            Console.write("\r" + line + String(repeating: " ", count: padding), to: STDERR_FILENO)
        case .lines:
            Console.write(
                "issued \(progress.issued) of \(progress.total) (\(percent)%), failed \(progress.failed), \(Self.format(rate))/s, elapsed \(Self.clock(elapsed)), ETA \(Self.clock(remaining))\n",
                to: STDERR_FILENO)
        case .json:
            let line =
                #"{"event":"progress","issued":\#(progress.issued),"failed":\#(progress.failed),"checked":\#(progress.checked),"total":\#(progress.total),"elapsed_seconds":\#(Self.format(elapsed)),"rate_per_second":\#(Self.format(rate))}"#
            Console.write(line + "\n", to: STDOUT_FILENO)
        case .quiet:
            break
        }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    static func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600
            ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
