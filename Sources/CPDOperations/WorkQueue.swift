import Foundation

/// A bounded queue between one async producer and blocking worker threads.
///
/// `push` suspends (without blocking a cooperative thread) while the queue is full; `pop`
/// blocks the calling worker thread until a job arrives or the queue is closed and drained.
final class WorkQueue<Job: Sendable>: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false
    private var cancelled = false
    private var waitingProducer: CheckedContinuation<Void, Never>?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    private var count: Int { jobs.count - head }

    /// Adds `job`, waiting while the queue holds `capacity` jobs.
    func push(_ job: Job) async {
        while !tryPush(job) {
            await withCheckedContinuation { continuation in
                if !park(continuation) { continuation.resume() }
            }
        }
    }

    private func tryPush(_ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        // A cancelled queue takes every job and drops it, so the producer finishes at once.
        if cancelled { return true }
        guard count < capacity else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Keeps the producer's continuation for the next `pop`; false if there is room already.
    private func park(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard count >= capacity && !cancelled else { return false }
        waitingProducer = continuation
        return true
    }

    /// No more jobs will come; workers drain what is left and then get nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// No more jobs will be taken: those waiting are dropped, a waiting producer is let go, and
    /// later pushes are dropped too; workers get nil. For a batch that stops on an error.
    func cancel() {
        condition.lock()
        closed = true
        cancelled = true
        jobs.removeAll()
        head = 0
        let producer = waitingProducer
        waitingProducer = nil
        condition.broadcast()
        condition.unlock()
        producer?.resume()
    }

    /// The next job, or nil once the queue is closed and empty. Blocks the calling thread.
    func pop() -> Job? {
        condition.lock()
        while count == 0 && !closed { condition.wait() }
        guard count > 0 else {
            condition.unlock()
            return nil
        }
        let job = jobs[head]
        head += 1
        if head > 1024 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        let producer = waitingProducer
        waitingProducer = nil
        condition.unlock()
        producer?.resume()
        return job
    }
}
