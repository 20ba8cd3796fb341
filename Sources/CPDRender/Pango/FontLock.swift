import Foundation

/// One process-wide lock around everything that touches fonts (layout, drawing text, writing
/// a PDF's font subsets, releasing a font map).
///
/// A font map per thread is not enough. cairo's FreeType backend shares one `FT_Library` and
/// a cache of open `FT_Face`s between all threads, keeps at most 10 faces open, and evicts a
/// face it sees unlocked while reading another font's lock count without that font's mutex
/// (`_has_unlocked_face` in cairo-ft-font.c, 1.16 and still in 1.18). With more than ten
/// faces in use (a template's faces plus fallbacks for names in several scripts) one thread
/// can free a face another thread has just been handed: a crash in FreeType, or worse, a PDF
/// whose text maps to the wrong characters. Both were seen under a 4-thread stress test
/// before this lock, none after. For parallel batches, `cpdcert issue` renders in worker processes.
enum FontLock {
    private static let lock = NSRecursiveLock()

    /// Runs `body` holding the lock; calls may nest.
    static func run<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
