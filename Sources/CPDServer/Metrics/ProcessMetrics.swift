import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `process_*` metrics every Prometheus client exports, read from /proc when scraped:
/// CPU seconds, resident and virtual memory, open and maximum file descriptors, start time.
struct ProcessMetrics {
    var cpuSeconds: Double
    var residentBytes: Int
    var virtualBytes: Int
    var openFDs: Int
    var maxFDs: Int?
    var startTime: Double

    /// This process now; nil where /proc cannot be read (not Linux).
    static func current() -> ProcessMetrics? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8)
        else { return nil }
        return parse(
            stat: stat, systemStat: system, openFDs: openDescriptors(),
            limits: try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8))
    }

    /// Reads proc(5)'s `/proc/self/stat` (after the command name, which may hold spaces and
    /// parentheses: field 14 utime, 15 stime, 22 starttime in clock ticks, 23 vsize, 24 rss in pages)
    /// and `btime` (boot time) from `/proc/stat`.
    static func parse(
        stat: String, systemStat: String, openFDs: Int, limits: String?, ticksPerSecond: Double = Double(sysconf(Int32(_SC_CLK_TCK))),
        pageSize: Int = sysconf(Int32(_SC_PAGESIZE))
    ) -> ProcessMetrics? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state).
        guard fields.count > 21, let user = Double(fields[11]), let system = Double(fields[12]), let start = Double(fields[19]),
            let virtual = Int(fields[20]), let pages = Int(fields[21]), ticksPerSecond > 0
        else { return nil }
        let boot = systemStat.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Double($0.dropFirst(6)) }
        guard let boot else { return nil }
        let maxFDs = limits?.split(separator: "\n").first { $0.hasPrefix("Max open files") }.flatMap { line in
            line.dropFirst("Max open files".count).split(separator: " ").first.flatMap { Int($0) }
        }
        return ProcessMetrics(
            cpuSeconds: (user + system) / ticksPerSecond, residentBytes: pages * pageSize, virtualBytes: virtual, openFDs: openFDs,
            maxFDs: maxFDs, startTime: boot + start / ticksPerSecond)
    }

    /// Entries of /proc/self/fd, less the one the listing itself holds open.
    private static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { count += 1 }
        }
        return max(0, count - 1)
    }

    /// The Prometheus text exposition of these gauges and the CPU counter.
    var exposition: String {
        var text = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        metric("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", "\(cpuSeconds)")
        metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", "\(residentBytes)")
        metric("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", "\(virtualBytes)")
        metric("process_open_fds", "gauge", "Number of open file descriptors.", "\(openFDs)")
        if let maxFDs { metric("process_max_fds", "gauge", "Maximum number of open file descriptors.", "\(maxFDs)") }
        metric("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", "\(startTime)")
        return text
    }
}
