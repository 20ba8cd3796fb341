public import CPDCore
import Foundation

/// Opens the registry a `--registry` value names and hands back its ports, not the storage's
/// type: callers depend on `CertificateRegistry` (and `PDFHashLookup`), so another storage can
/// stand behind the same commands.
///
/// ```swift
/// let opened = try RegistryLocation("cpdcert.sqlite").open(readOnly: true)
/// let certificate = try await opened.registry.certificate(id: id)
/// ```
public struct RegistryLocation: Sendable, CustomStringConvertible {
    /// What was given: a file path.
    public let text: String

    /// The location `text` names. - Throws: `RegistryError.storage` for a URL of a database this build cannot open.
    public init(_ text: String) throws(RegistryError) {
        if let scheme = text.range(of: "://").map({ text[..<$0.lowerBound].lowercased() }), !scheme.isEmpty,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        {
            guard scheme == "file" else {
                throw .storage(
                    "'\(text)' names a \(scheme) database; this build keeps its registry in a SQLite file: give a file path")
            }
        }
        self.text = text.hasPrefix("file://") ? String(text.dropFirst("file://".count)) : text
    }

    public var description: String { text }

    /// A registry opened for use.
    public struct Opened: Sendable {
        /// Certificates, status history, log, attendance register and event definitions.
        public let registry: any CertificateRegistry
        /// Certificates by the SHA-256 of their PDF.
        public let pdfHashes: any PDFHashLookup
        /// Makes an opened registry of another storage.
        public init(registry: any CertificateRegistry, pdfHashes: any PDFHashLookup, isSnapshot: Bool) {
            self.registry = registry
            self.pdfHashes = pdfHashes
            self.isSnapshot = isSnapshot
        }

        /// True when it could only be opened as a snapshot of the file (see `SQLiteCertificateRegistry.isSnapshot`):
        /// a long-running reader must say so.
        public let isSnapshot: Bool
    }

    /// Opens the registry, creating it (and its folder) when writing; read-only never writes.
    public func open(readOnly: Bool = false) throws(RegistryError) -> Opened {
        if !readOnly {
            let folder = URL(fileURLWithPath: text).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let registry = try SQLiteCertificateRegistry(path: text, readOnly: readOnly)
        return Opened(registry: registry, pdfHashes: registry, isSnapshot: registry.isSnapshot)
    }
}
