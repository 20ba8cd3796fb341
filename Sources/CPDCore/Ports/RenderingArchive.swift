public import Foundation

/// Every file certificates were drawn from, kept by content (SHA-256, one copy per distinct
/// file) with the registry, so that any certificate can be drawn again byte for byte after the
/// Templates and Assets folders are edited and the system's fonts are replaced.
///
/// ```swift
/// try await archive.archive(inputs, files: [ArchivedFile(sha256: hash, bytes: fontBytes)])
/// try await archive.recordRenderings([certificate.id: inputs.sha256])
/// let inputs = try await archive.renderingInputs(certificateID: certificate.id)   // what it was drawn from
/// let bytes = try await archive.archivedFile(sha256: inputs!.fonts[0].sha256)
/// ```
/// Writes are idempotent: a file or an inputs record already held is left as it is.
public protocol RenderingArchive: Sendable {
    /// The hashes among `sha256s` whose files the archive holds.
    func archivedFiles(among sha256s: [String]) async throws -> Set<String>
    /// Stores `inputs` and those of `files` not yet held, atomically. Every file `inputs` names
    /// must be held afterwards.
    /// - Throws: `RegistryError.storage` when a file `inputs` names is neither held nor given.
    func archive(_ inputs: RenderingInputs, files: [ArchivedFile]) async throws
    /// Records which inputs (by `RenderingInputs.sha256`) each certificate was drawn from.
    /// - Throws: `RegistryError.storage` when no such inputs are archived.
    func recordRenderings(_ renderings: [CertificateID: String]) async throws
    /// What `certificateID` was drawn from, or nil when it was issued before the archive.
    func renderingInputs(certificateID: CertificateID) async throws -> RenderingInputs?
    /// The bytes of the archived file with this SHA-256, as stored (readers check the hash).
    func archivedFile(sha256: String) async throws -> Data?
    /// Every inputs record held, as stored, for the audit.
    func archivedRenderingInputs() async throws -> [StoredRenderingInputs]
    /// The number of certificates with no recorded inputs (issued before the archive existed).
    func certificatesWithoutRenderingInputs() async throws -> Int
}

/// The files one certificate was drawn from: its template file, each asset, and each font file
/// whose glyphs were embedded, in the order fontconfig listed them when it was drawn (that order
/// decides between fonts that both have a glyph, so it is part of the rendering).
public struct RenderingInputs: Hashable, Sendable {
    /// One file, by name (as it was found) and content.
    public struct File: Hashable, Sendable {
        /// The template's or asset's file name, or a font's path as it was installed.
        public var name: String
        /// Hex SHA-256 of the bytes.
        public var sha256: String
        /// Size in bytes.
        public var size: Int

        /// Creates a file entry.
        public init(name: String, sha256: String, size: Int) {
            self.name = name
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The template's name, as certificates record it.
    public var templateName: String
    /// The template file.
    public var template: File
    /// The assets the template uses, in name order.
    public var assets: [File]
    /// The font files, in fontconfig's order.
    public var fonts: [File]
    /// The revision of cpdcert's own drawing code the certificate was drawn with, so that a
    /// later build draws it again the same way (see `currentDrawing`).
    public var drawing: Int

    /// The revision this build draws new certificates with. 1: the QR code as vector squares,
    /// every PDF stream at zlib's default level 6 (every certificate archived before revisions
    /// were recorded). 2: the QR code as a 1-bit image mask, streams at zlib level 3.
    public static let currentDrawing = 2

    /// Creates a record; assets are kept in name order.
    public init(templateName: String, template: File, assets: [File], fonts: [File], drawing: Int = Self.currentDrawing) {
        self.templateName = templateName
        self.template = template
        self.assets = assets.sorted { $0.name < $1.name }
        self.fonts = fonts
        self.drawing = drawing
    }

    /// Every file named, template first, then assets and fonts.
    public var files: [File] { [template] + assets + fonts }

    /// The canonical JSON the record is stored as. `drawing` is written only when it is not 1,
    /// so records archived before it existed keep their bytes and their key.
    public var canonical: [UInt8] {
        func entry(_ file: File) -> CanonicalJSON {
            .object(["name": .string(file.name), "sha256": .string(file.sha256), "size": .integer(file.size)])
        }
        var members: [String: CanonicalJSON] = [
            "template_name": .string(templateName), "template": entry(template), "assets": .array(assets.map(entry)),
            "fonts": .array(fonts.map(entry)),
        ]
        if drawing != 1 { members["drawing"] = .integer(drawing) }
        return CanonicalJSON.object(members).bytes
    }

    /// Hex SHA-256 of `canonical`: the key the record is kept under.
    public var sha256: String { SHA256Digest(hashing: canonical).hex }

    /// Reads a record back from `canonical` bytes; nil when they are not one.
    public init?(canonical: [UInt8]) {
        guard let decoded = try? JSONDecoder().decode(RenderingInputs.self, from: Data(canonical)), decoded.canonical == canonical
        else { return nil }
        self = decoded
    }
}

extension RenderingInputs: Codable {
    enum CodingKeys: String, CodingKey {
        case templateName = "template_name"
        case template, assets, fonts, drawing
    }

    /// Reads a record; one without `drawing` was drawn by revision 1.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            templateName: try container.decode(String.self, forKey: .templateName),
            template: try container.decode(File.self, forKey: .template),
            assets: try container.decode([File].self, forKey: .assets),
            fonts: try container.decode([File].self, forKey: .fonts),
            drawing: try container.decodeIfPresent(Int.self, forKey: .drawing) ?? 1)
    }

    /// Writes the record (`drawing` only when it is not 1, as `canonical`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(templateName, forKey: .templateName)
        try container.encode(template, forKey: .template)
        try container.encode(assets, forKey: .assets)
        try container.encode(fonts, forKey: .fonts)
        if drawing != 1 { try container.encode(drawing, forKey: .drawing) }
    }
}

extension RenderingInputs.File: Codable {}

/// One file's bytes on their way into the archive, with their SHA-256 (computed by the caller,
/// which has a fast hash; the core's is for small inputs).
public struct ArchivedFile: Sendable {
    /// Hex SHA-256 of `bytes`.
    public var sha256: String
    /// The file's bytes.
    public var bytes: Data

    /// Creates an entry.
    public init(sha256: String, bytes: Data) {
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// An inputs record as the storage holds it: its key, and the record when the bytes read back.
public struct StoredRenderingInputs: Sendable {
    /// The key it is stored under.
    public var key: String
    /// The record, or nil when the stored bytes are no record.
    public var inputs: RenderingInputs?
    /// Number of certificates drawn from it.
    public var certificates: Int

    /// Creates an entry.
    public init(key: String, inputs: RenderingInputs?, certificates: Int) {
        self.key = key
        self.inputs = inputs
        self.certificates = certificates
    }
}

/// A certificate's rendering inputs read back from the archive, checked against their hashes,
/// ready to draw with: the template's and assets' bytes, and the font files written out to a
/// private folder (fontconfig reads fonts from files), in the recorded order.
public struct ArchivedRendering: Sendable {
    /// The record they were read by.
    public var inputs: RenderingInputs
    /// The template file's bytes.
    public var templateSource: Data
    /// Asset file name → bytes.
    public var assets: [String: Data]
    /// Paths of the archived font files as written out, in `inputs.fonts`' order.
    public var fontFiles: [String]

    /// Creates a value.
    public init(inputs: RenderingInputs, templateSource: Data, assets: [String: Data], fontFiles: [String]) {
        self.inputs = inputs
        self.templateSource = templateSource
        self.assets = assets
        self.fontFiles = fontFiles
    }

    /// The bytes the template hash is computed over (see `TemplatePackage.hashInput`).
    public var templateHashInput: Data { TemplatePackage.hashInput(source: templateSource, assets: assets) }
}
