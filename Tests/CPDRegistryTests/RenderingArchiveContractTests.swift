import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// The contract of the archive of rendering inputs, run against every implementation.
@Suite struct RenderingArchiveContractTests {
    func with(_ implementation: RegistryImplementation, _ body: (any CertificateRegistry) async throws -> Void) async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        try await body(try await implementation.make(file))
    }

    /// A file entry and its bytes; the hash is a stand-in computed by the core's SHA-256.
    static func file(_ name: String, _ text: String) -> (RenderingInputs.File, ArchivedFile) {
        let bytes = Data(text.utf8)
        let sha256 = SHA256Digest(hashing: Array(bytes)).hex
        return (RenderingInputs.File(name: name, sha256: sha256, size: bytes.count), ArchivedFile(sha256: sha256, bytes: bytes))
    }

    static let template = file("classic.yaml", "page: { size: A4 }")
    static let logo = file("logo.svg", "<svg/>")
    static let serif = file("/usr/share/fonts/NotoSerif-Regular.ttf", "serif glyphs")
    static let arabic = file("/usr/share/fonts/NotoNaskhArabic-Regular.ttf", "arabic glyphs")

    static func inputs(fonts: [(RenderingInputs.File, ArchivedFile)]) -> RenderingInputs {
        RenderingInputs(templateName: "classic", template: template.0, assets: [logo.0], fonts: fonts.map(\.0))
    }

    @Test(arguments: RegistryImplementation.allCases)
    func inputsAndTheirFilesAreReadBackByCertificate(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let latin = Self.inputs(fonts: [Self.serif]), mixed = Self.inputs(fonts: [Self.arabic, Self.serif])
            #expect(try await registry.archivedFiles(among: [Self.serif.1.sha256]).isEmpty)
            try await registry.archive(latin, files: [Self.template.1, Self.logo.1, Self.serif.1])
            // The second set sends only the file the archive lacks.
            #expect(try await registry.archivedFiles(among: mixed.files.map(\.sha256)) == Set(latin.files.map(\.sha256)))
            try await registry.archive(mixed, files: [Self.arabic.1])
            try await registry.archive(mixed, files: [])  // again: nothing changes
            let ids = SeededRandomSource(seed: 13)
            let certificates = (0..<3).map { Samples.certificate(Samples.names[$0], index: $0, ids: ids) }
            try await registry.recordRenderings([certificates[0].id: latin.sha256, certificates[1].id: mixed.sha256])
            try await registry.insert(certificates)
            #expect(try await registry.renderingInputs(certificateID: certificates[0].id) == latin)
            #expect(try await registry.renderingInputs(certificateID: certificates[1].id) == mixed)
            #expect(try await registry.renderingInputs(certificateID: certificates[2].id) == nil)
            #expect(try await registry.archivedFile(sha256: Self.arabic.1.sha256) == Self.arabic.1.bytes)
            #expect(try await registry.archivedFile(sha256: String(repeating: "0", count: 64)) == nil)
            let stored = try await registry.archivedRenderingInputs()
            #expect(Set(stored.map(\.key)) == [latin.sha256, mixed.sha256])
            #expect(stored.allSatisfy { $0.inputs != nil && $0.certificates == 1 })
            #expect(try await registry.certificatesWithoutRenderingInputs() == 1)
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func inputsNamingAFileNotArchivedAndLinksToUnknownInputsAreRefused(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let inputs = Self.inputs(fonts: [Self.serif])
            await #expect(throws: RegistryError.self) { try await registry.archive(inputs, files: [Self.template.1, Self.logo.1]) }
            let stored = try await registry.archivedRenderingInputs()
            let kept = try await registry.archivedFiles(among: [Self.template.1.sha256])
            #expect(stored.isEmpty)
            #expect(kept.isEmpty, "refused means nothing kept")
            let certificate = Samples.certificate(Samples.names[0], index: 0)
            await #expect(throws: RegistryError.self) { try await registry.recordRenderings([certificate.id: inputs.sha256]) }
        }
    }

    @Test func aDryRunArchivesInItsOverlayAndReadsThroughToTheRegistry() async throws {
        let base = InMemoryCertificateRegistry()
        let latin = Self.inputs(fonts: [Self.serif]), mixed = Self.inputs(fonts: [Self.arabic, Self.serif])
        try await base.archive(latin, files: [Self.template.1, Self.logo.1, Self.serif.1])
        let overlay = OverlayCertificateRegistry(over: base)
        try await overlay.archive(mixed, files: [Self.arabic.1])
        let certificate = Samples.certificate(Samples.names[0], index: 0)
        try await overlay.recordRenderings([certificate.id: mixed.sha256])
        #expect(try await overlay.renderingInputs(certificateID: certificate.id) == mixed)
        #expect(try await overlay.archivedFile(sha256: Self.serif.1.sha256) == Self.serif.1.bytes)
        #expect(await base.archivedFiles(among: [Self.arabic.1.sha256]).isEmpty, "the registry is not written")
        #expect(try await base.renderingInputs(certificateID: certificate.id) == nil)
    }

    @Test func theCanonicalFormReadsBackAndAnyChangeChangesTheKey() throws {
        let inputs = Self.inputs(fonts: [Self.arabic, Self.serif])
        #expect(RenderingInputs(canonical: inputs.canonical) == inputs)
        let reordered = Self.inputs(fonts: [Self.serif, Self.arabic])
        #expect(reordered.sha256 != inputs.sha256, "the fonts' order is part of the rendering")
        var edited = inputs.canonical
        edited[edited.count - 3] ^= 1
        #expect(RenderingInputs(canonical: edited).map { $0.sha256 == inputs.sha256 } != true)
    }
}
