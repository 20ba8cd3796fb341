import Foundation

/// Finds the Templates and Assets folders: the flag, then the setting (environment variable or configuration file), then
/// ./Templates (./Assets), then the ones that belong to the running executable, found from its
/// real path (`/proc/self/exe`, so a `cpdcert` on `$PATH` or behind a symlink works from any
/// folder): `../share/cpdcert/<folder>` beside an installed binary, or the package's own folder
/// above a binary built in `.build`.
enum ResourceLocator {
    static func directory(flag: String?, setting: String, folder: String) -> URL {
        if let value = flag ?? Settings.current.text(setting) { return URL(fileURLWithPath: value) }
        let local = URL(fileURLWithPath: folder)
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return executableRelative(folder) ?? local
    }

    /// `folder` as installed beside the running executable, or in the package it was built in.
    static func executableRelative(_ folder: String, executable: URL = runningExecutable) -> URL? {
        let binFolder = executable.deletingLastPathComponent()
        var candidates = [binFolder.appendingPathComponent("../share/cpdcert/\(folder)").standardized]
        // .build/<triple>/<configuration>/cpdcert, or .build/<configuration>/cpdcert
        var ancestor = binFolder
        for _ in 0..<4 {
            ancestor = ancestor.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: ancestor.appendingPathComponent("Package.swift").path) {
                candidates.append(ancestor.appendingPathComponent(folder))
                break
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The real path of this process's executable, whatever `argv[0]` says.
    static var runningExecutable: URL {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if link.path != "/proc/self/exe" { return link }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }
}
