import NIOCore
import NIOPosix

/// Where the server's Swift tasks run.
public enum EventLoopExecutor {
    /// Makes NIO's event loops (the threads that read and write the sockets) Swift concurrency's
    /// global executor, so a request's handler runs on the thread that read it instead of hopping
    /// to the cooperative pool and back: two thread switches fewer per request.
    ///
    /// Call it once, from `@main`, before any task starts, and only in a process that serves:
    /// work that blocks a thread would then hold up sockets. Returns false where NIO cannot
    /// install it (the default executor stays). See
    /// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
