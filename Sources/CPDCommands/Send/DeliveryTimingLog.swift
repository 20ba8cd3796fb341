import CPDCore
import Foundation

/// Measurement support, off unless `CPDCERT_SEND_TIMING=FILE` is set: one line a recorded
/// attempt, `<Message-ID> <outcome> <data handed over> <committed>` (Unix times in seconds): when
/// libcurl took the message's last byte (from then on the server can accept it whatever this
/// process does), and when the delivery log had committed the attempt. Benchmarks/send-window.sh pairs each line with the test server's
/// time of its 250 reply to measure the in-flight window (docs/delivery.md).
final class DeliveryTimingLog {
    private let handle: FileHandle

    /// The log named by the environment, or nil when measurement is off.
    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["CPDCERT_SEND_TIMING"], !path.isEmpty else { return nil }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            return nil
        }
        self.handle = handle
    }

    /// Notes that `attempt`, whose data libcurl took at `handedOver`, was committed now.
    func committed(_ attempt: DeliveryAttempt, handedOver: Date?) {
        let now = Date().timeIntervalSince1970
        let times = [handedOver?.timeIntervalSince1970 ?? 0, now].map { String(format: "%.6f", $0) }.joined(separator: " ")
        handle.write(Data("\(attempt.messageID) \(attempt.outcome.rawValue) \(times)\n".utf8))
    }

    deinit { try? handle.close() }
}
