public import CPDCore

extension RegistryLocation {
    /// Copies the registry, as it stands at one instant, into a new file `destination` (see
    /// `SQLiteCertificateRegistry.backup(to:)`); returns what it held at that instant.
    public func backup(to destination: String) throws(RegistryError) -> RegistrySnapshot {
        try SQLiteCertificateRegistry(path: text, readOnly: true).backup(to: destination)
    }

    /// What the registry holds now.
    public func snapshot() throws(RegistryError) -> RegistrySnapshot {
        try SQLiteCertificateRegistry(path: text, readOnly: true).snapshot()
    }

    /// SQLite's integrity check of the file: nil when sound, else what it found.
    public func integrityProblems() throws(RegistryError) -> String? {
        try SQLiteCertificateRegistry(path: text, readOnly: true).integrityProblems()
    }
}
