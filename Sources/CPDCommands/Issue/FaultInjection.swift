import CPDOperations
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Crash-test support: `CPDCERT_FAULT=<point>:<n>` kills this process with SIGKILL the n-th time
/// the batch reaches `<point>` (after-render, after-commit, before-rename, after-write,
/// before-manifest). For testing crash safety only; unset, it does nothing.
final class FaultInjection: @unchecked Sendable {
    // @unchecked: `hits` is only touched while holding `lock`.
    private let point: FaultPoint?
    private let target: Int
    private let lock = NSLock()
    private var hits = 0

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let parts = environment["CPDCERT_FAULT"]?.split(separator: ":") ?? []
        point = parts.first.flatMap { FaultPoint(rawValue: String($0)) }
        target = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
    }

    func reached(_ reached: FaultPoint) {
        guard reached == point else { return }
        let count = lock.withLock {
            hits += 1
            return hits
        }
        if count == target { kill(getpid(), SIGKILL) }
    }
}
