public import CPDCore
public import Foundation

/// Reads what a certificate was drawn from out of the registry's archive, checks every file
/// against its SHA-256, and writes the font files to a private folder (fontconfig reads fonts
/// from files), once per distinct set of inputs: what every re-creation draws from.
///
/// ```swift
/// let loader = ArchivedRenderingLoader(archive: registry)
/// if let rendering = try await loader.rendering(of: certificate) {
///     let pdf = try Recreation.pdf(of: certificate, from: rendering) { try renderer(rendering).render($0) }
/// }
/// ```
/// The folder (mode 0700, under the temporary folder) is removed when the loader goes: keep the
/// loader as long as a renderer made from what it loaded.
public final class ArchivedRenderingLoader: @unchecked Sendable {
    // @unchecked: `loaded` and `folder` are only touched while holding `lock`; `archive` is Sendable.
    private let archive: any RenderingArchive
    private let lock = NSLock()
    private var loaded: [String: ArchivedRendering] = [:]
    private var folder: URL?

    /// Reads from `archive`.
    public init(archive: any RenderingArchive) {
        self.archive = archive
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// What `certificate` was drawn from, or nil when it was issued before the archive existed.
    /// - Throws: `ArchiveError` when an archived file is missing or damaged.
    public func rendering(of certificate: Certificate) async throws -> ArchivedRendering? {
        guard let inputs = try await archive.renderingInputs(certificateID: certificate.id) else { return nil }
        let key = inputs.sha256
        if let cached = lock.withLock({ loaded[key] }) { return cached }
        let templateSource = try await bytes(of: inputs.template)
        var assets: [String: Data] = [:]
        for asset in inputs.assets { assets[asset.name] = try await bytes(of: asset) }
        var fontFiles: [String] = []
        for font in inputs.fonts {
            let bytes = try await bytes(of: font)
            fontFiles.append(try write(bytes, as: font))
        }
        let rendering = ArchivedRendering(inputs: inputs, templateSource: templateSource, assets: assets, fontFiles: fontFiles)
        lock.withLock { loaded[key] = rendering }
        return rendering
    }

    private func bytes(of file: RenderingInputs.File) async throws -> Data {
        guard let bytes = try await archive.archivedFile(sha256: file.sha256) else { throw ArchiveError.missing(file) }
        guard Hex.sha256(bytes) == file.sha256 else { throw ArchiveError.damaged(file) }
        return bytes
    }

    /// Writes a font's bytes to the private folder under its hash (and its own extension).
    private func write(_ bytes: Data, as font: RenderingInputs.File) throws -> String {
        try lock.withLock {
            let folder = try self.folder ?? makeFolder()
            self.folder = folder
            let suffix = URL(fileURLWithPath: font.name).pathExtension
            let file = folder.appendingPathComponent(font.sha256 + (suffix.isEmpty ? "" : "." + suffix))
            if !FileManager.default.fileExists(atPath: file.path) {
                try bytes.write(to: file)
            }
            return file.path
        }
    }

    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-fonts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }
}

/// An archived file a certificate needs is not as archived.
public enum ArchiveError: Error, CustomStringConvertible, Sendable {
    case missing(RenderingInputs.File)
    case damaged(RenderingInputs.File)

    public var description: String {
        switch self {
        case .missing(let file):
            "the archived file \(file.name) (SHA-256 \(file.sha256)) is missing from the registry's archive; restore the registry from a backup"
        case .damaged(let file):
            "the archived file \(file.name) no longer hashes to its SHA-256 \(file.sha256) (the registry's archive is damaged); restore the registry from a backup"
        }
    }
}
