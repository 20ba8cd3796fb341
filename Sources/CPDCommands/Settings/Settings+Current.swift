import Foundation

extension Settings {
    /// The settings of this process: loaded once, from `--config` when the command takes it
    /// (set before the command runs), else `$CPDCERT_CONFIG`, else `/etc/cpdcert/cpdcert.yaml`.
    static var current: Settings {
        CurrentSettings.shared.get()
    }

    /// Loads the settings from `file` for the rest of this process.
    static func use(file: String?) -> Settings {
        CurrentSettings.shared.set(Settings.load(file: file))
    }
}

/// The process's settings, loaded on first use.
private final class CurrentSettings: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    static let shared = CurrentSettings()
    private let lock = NSLock()
    private var settings: Settings?

    func get() -> Settings {
        lock.withLock {
            if let settings { return settings }
            let loaded = Settings.load(file: nil)
            settings = loaded
            return loaded
        }
    }

    func set(_ new: Settings) -> Settings {
        lock.withLock { settings = new }
        return new
    }
}
