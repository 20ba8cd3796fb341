import Foundation

/// Finds the Templates and Assets folders: the flag, then an environment variable, then
/// ./Templates (./Assets), then ../share/cpdcert/ next to the executable.
enum ResourceLocator {
    static func directory(flag: String?, environment: String, folder: String) -> URL {
        if let flag { return URL(fileURLWithPath: flag) }
        if let value = ProcessInfo.processInfo.environment[environment], !value.isEmpty {
            return URL(fileURLWithPath: value)
        }
        let local = URL(fileURLWithPath: folder)
        if FileManager.default.fileExists(atPath: local.path) { return local }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let shared = executable.deletingLastPathComponent().appendingPathComponent("../share/cpdcert/\(folder)").standardized
        return FileManager.default.fileExists(atPath: shared.path) ? shared : local
    }
}
