import Foundation

/// Worker threads that run blocking C work (Cairo, Pango) off the Swift cooperative pool.
///
/// Each thread calls `makeWorker` once and keeps what it returns (its own renderer, so no Pango
/// object is ever shared between threads), then takes jobs one at a time from the queue: many
/// small work items, so a slow thread never stalls the others. At most `inFlight` results wait
/// for the consumer; a worker blocks before taking another job until the consumer calls
/// `release()`, which keeps memory flat whatever the batch size.
final class RenderPool<Job: Sendable, Result: Sendable>: Sendable {
    let queue: WorkQueue<Job>
    let results: AsyncStream<Result>
    private let slots: DispatchSemaphore

    init(threads: Int, inFlight: Int, makeWorker: @escaping @Sendable () -> (Job) -> Result) {
        queue = WorkQueue(capacity: max(2 * threads, 8))
        slots = DispatchSemaphore(value: max(inFlight, threads))
        let (stream, continuation) = AsyncStream.makeStream(of: Result.self, bufferingPolicy: .unbounded)
        results = stream
        let remaining = Countdown(threads)
        for index in 0..<max(1, threads) {
            let thread = Thread { [queue, slots] in
                do {
                    let work = makeWorker()
                    while true {
                        slots.wait()
                        guard let job = queue.pop() else {
                            slots.signal()
                            break
                        }
                        continuation.yield(work(job))
                    }
                }
                // The worker (its renderer, a worker process) is released before the end is
                // reported: when the results end, every renderer is closed.
                if remaining.decrement() == 0 { continuation.finish() }
            }
            thread.name = "cpdcert-render-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// The consumer has finished with one result; a worker may take another job.
    func release() {
        slots.signal()
    }
}

/// A thread-safe countdown.
private final class Countdown: @unchecked Sendable {
    // @unchecked: `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value: Int

    init(_ value: Int) {
        self.value = max(1, value)
    }

    func decrement() -> Int {
        lock.withLock {
            value -= 1
            return value
        }
    }
}
