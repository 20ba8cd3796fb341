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
    private let threads: Int

    init(threads: Int, inFlight: Int, makeWorker: @escaping @Sendable () -> (Job) -> Result) {
        queue = WorkQueue(capacity: max(2 * threads, 8))
        self.threads = max(1, threads)
        // Created at zero and raised to the limit: libdispatch traps when a semaphore is freed
        // below the value it was created with, which is what a batch that stops on an error
        // (holding results it never releases) would leave.
        slots = DispatchSemaphore(value: 0)
        for _ in 0..<max(inFlight, threads) { slots.signal() }
        let (stream, continuation) = AsyncStream.makeStream(of: Result.self, bufferingPolicy: .unbounded)
        results = stream
        let remaining = Countdown(threads)
        for index in 0..<self.threads {
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

    /// Stops the pool for a batch that failed: drops the jobs not yet taken, wakes every worker
    /// waiting for a slot, and waits until each has finished its current job and released its
    /// renderer (a worker process ends with it). The results not yet read are discarded.
    func shutDown() async {
        queue.cancel()
        for _ in 0..<threads { slots.signal() }
        for await _ in results {}
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
