public import Foundation

/// The archive of rendering inputs in memory, with the SQLite one's rules.
extension InMemoryCertificateRegistry {
    public func archivedFiles(among sha256s: [String]) -> Set<String> {
        Set(sha256s.filter { archive.files[$0] != nil })
    }

    public func archive(_ inputs: RenderingInputs, files: [ArchivedFile]) throws {
        try archive(inputs, files: files, heldElsewhere: [])
    }

    /// Archives `inputs`, counting the files of `heldElsewhere` as held (a dry run's base has them).
    func archive(_ inputs: RenderingInputs, files: [ArchivedFile], heldElsewhere: Set<String>) throws {
        var added = archive
        for file in files where added.files[file.sha256] == nil { added.files[file.sha256] = file.bytes }
        if let missing = inputs.files.first(where: { added.files[$0.sha256] == nil && !heldElsewhere.contains($0.sha256) }) {
            throw RegistryError.storage("rendering inputs name \(missing.name) (\(missing.sha256)), which is not archived")
        }
        if added.inputs[inputs.sha256] == nil { added.inputs[inputs.sha256] = inputs.canonical }
        archive = added
    }

    public func recordRenderings(_ renderings: [CertificateID: String]) throws {
        try recordRenderings(renderings, heldElsewhere: [])
    }

    /// Records `renderings`, counting the inputs of `heldElsewhere` as archived.
    func recordRenderings(_ renderings: [CertificateID: String], heldElsewhere: Set<String>) throws {
        if let unknown = renderings.values.first(where: { archive.inputs[$0] == nil && !heldElsewhere.contains($0) }) {
            throw RegistryError.storage("no rendering inputs \(unknown) are archived")
        }
        for (id, key) in renderings where archive.renderings[id] == nil { archive.renderings[id] = key }
    }

    public func renderingInputs(certificateID: CertificateID) throws -> RenderingInputs? {
        guard let key = archive.renderings[certificateID] else { return nil }
        guard let inputs = try renderingInputs(key: key) else {
            throw RegistryError.corruptRecord(id: certificateID.description, reason: "its rendering inputs \(key) are not archived")
        }
        return inputs
    }

    /// The key of the inputs `certificateID` was drawn from, if recorded here.
    func renderingKey(certificateID: CertificateID) -> String? { archive.renderings[certificateID] }

    /// The inputs kept under `key`, if held here. - Throws: when the stored bytes are no such record.
    func renderingInputs(key: String) throws -> RenderingInputs? {
        guard let bytes = archive.inputs[key] else { return nil }
        guard let inputs = RenderingInputs(canonical: bytes), inputs.sha256 == key else {
            throw RegistryError.corruptRecord(id: "rendering inputs \(key)", reason: "the stored record does not match its hash")
        }
        return inputs
    }

    public func archivedFile(sha256: String) -> Data? { archive.files[sha256] }

    public func archivedRenderingInputs() -> [StoredRenderingInputs] {
        var counts: [String: Int] = [:]
        for key in archive.renderings.values { counts[key, default: 0] += 1 }
        return archive.inputs.keys.sorted().map { key in
            StoredRenderingInputs(key: key, inputs: RenderingInputs(canonical: archive.inputs[key]!), certificates: counts[key] ?? 0)
        }
    }

    public func certificatesWithoutRenderingInputs() -> Int {
        count - archive.renderings.keys.filter { certificateExists($0) }.count
    }

    /// Replaces an archived file's bytes (to simulate damage in tests); removes it when nil.
    public func replaceArchivedFile(sha256: String, with bytes: Data?) {
        archive.files[sha256] = bytes
    }
}

/// The in-memory archive's contents.
struct ArchiveState {
    /// SHA-256 → bytes.
    var files: [String: Data] = [:]
    /// Inputs key → canonical bytes.
    var inputs: [String: [UInt8]] = [:]
    /// Certificate → inputs key.
    var renderings: [CertificateID: String] = [:]
}
