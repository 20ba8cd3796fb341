public import Foundation

/// A dry run's archive: what it would archive is kept in memory, over the real registry's.
extension OverlayCertificateRegistry {
    public func archivedFiles(among sha256s: [String]) async throws -> Set<String> {
        try await base.archivedFiles(among: sha256s).union(await overlay.archivedFiles(among: sha256s))
    }

    public func archive(_ inputs: RenderingInputs, files: [ArchivedFile]) async throws {
        let held = try await base.archivedFiles(among: inputs.files.map(\.sha256))
        try await overlay.archive(inputs, files: files.filter { !held.contains($0.sha256) }, heldElsewhere: held)
    }

    public func recordRenderings(_ renderings: [CertificateID: String]) async throws {
        let held = Set(try await base.archivedRenderingInputs().map(\.key))
        try await overlay.recordRenderings(renderings, heldElsewhere: held)
    }

    public func renderingInputs(certificateID: CertificateID) async throws -> RenderingInputs? {
        if let key = await overlay.renderingKey(certificateID: certificateID) {
            if let inputs = try await overlay.renderingInputs(key: key) { return inputs }
            return try await base.archivedRenderingInputs().first { $0.key == key }?.inputs
        }
        return try await base.renderingInputs(certificateID: certificateID)
    }

    public func archivedFile(sha256: String) async throws -> Data? {
        if let bytes = await overlay.archivedFile(sha256: sha256) { return bytes }
        return try await base.archivedFile(sha256: sha256)
    }

    public func archivedRenderingInputs() async throws -> [StoredRenderingInputs] {
        try await base.archivedRenderingInputs()
    }

    public func certificatesWithoutRenderingInputs() async throws -> Int {
        try await base.certificatesWithoutRenderingInputs()
    }
}
