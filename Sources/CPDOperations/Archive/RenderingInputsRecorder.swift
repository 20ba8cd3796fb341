public import CPDCore
public import Foundation

/// Turns what a renderer reports (the font files it used) into `RenderingInputs` for one
/// template package, and archives each distinct set once per run: a font file is read and
/// hashed once per run, the archive is asked once per new set which files it lacks, and only
/// those bytes are sent. A batch of 10,000 certificates in a few scripts archives a handful of
/// sets.
///
/// ```swift
/// let recorder = RenderingInputsRecorder(package: package)
/// let (inputs, key) = try recorder.inputs(fonts: rendered.fontFiles)
/// try await recorder.archive(inputs, key: key, in: registry)   // nothing when archived this run
/// ```
/// Not `Sendable`: one writer (the batch's consumer, a command) owns it.
public final class RenderingInputsRecorder {
    private let package: TemplatePackage
    private let template: RenderingInputs.File
    private let assets: [RenderingInputs.File]
    private var fonts: [String: RenderingInputs.File] = [:]
    private var byFonts: [[String]: (inputs: RenderingInputs, key: String)] = [:]
    private var archived: Set<String> = []

    /// Prepares for certificates drawn from `package`.
    public init(package: TemplatePackage) {
        self.package = package
        template = RenderingInputs.File(
            name: package.template.name + ".yaml", sha256: Hex.sha256(package.source), size: package.source.count)
        assets = package.assets.map { RenderingInputs.File(name: $0.key, sha256: Hex.sha256($0.value), size: $0.value.count) }
    }

    /// The inputs of a certificate drawn from the package with `fonts` (paths, in the order the
    /// renderer reported them), and their key (`RenderingInputs.sha256`, computed once).
    /// - Throws: `RenderingInputsError` when a font file cannot be read.
    public func inputs(fonts paths: [String]) throws -> (inputs: RenderingInputs, key: String) {
        if let known = byFonts[paths] { return known }
        let files = try paths.map { path in
            if let known = fonts[path] { return known }
            let bytes = try Self.read(path)
            let file = RenderingInputs.File(name: path, sha256: Hex.sha256(bytes), size: bytes.count)
            fonts[path] = file
            return file
        }
        let inputs = RenderingInputs(templateName: package.template.name, template: template, assets: assets, fonts: files)
        let made = (inputs, inputs.sha256)
        byFonts[paths] = made
        return made
    }

    /// Archives `inputs` (kept under `key`) with the files the archive lacks, unless this
    /// recorder did already.
    public func archive(_ inputs: RenderingInputs, key: String, in archive: any RenderingArchive) async throws {
        guard !archived.contains(key) else { return }
        var sent = try await archive.archivedFiles(among: inputs.files.map(\.sha256))
        var files: [ArchivedFile] = []
        for file in inputs.files where sent.insert(file.sha256).inserted {
            files.append(ArchivedFile(sha256: file.sha256, bytes: try bytes(of: file)))
        }
        try await archive.archive(inputs, files: files)
        archived.insert(key)
    }

    /// The bytes of one of the package's files, or of a font file read again (and checked).
    private func bytes(of file: RenderingInputs.File) throws -> Data {
        if file == template { return package.source }
        if let asset = package.assets[file.name], assets.contains(file) { return asset }
        let bytes = try Self.read(file.name)
        guard Hex.sha256(bytes) == file.sha256 else { throw RenderingInputsError.fontChanged(file.name) }
        return bytes
    }

    private static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw RenderingInputsError.unreadableFont(path, error.localizedDescription)
        }
    }
}

/// Why a certificate's rendering inputs cannot be archived.
public enum RenderingInputsError: Error, CustomStringConvertible, Sendable {
    case unreadableFont(String, String)
    case fontChanged(String)

    public var description: String {
        switch self {
        case .unreadableFont(let path, let reason):
            "the font file \(path) the certificate was drawn with cannot be read to archive it: \(reason)"
        case .fontChanged(let path):
            "the font file \(path) changed while the batch ran (a font upgrade?), so it cannot be archived as drawn; run the batch again"
        }
    }
}
