public import Foundation

/// Draws one certificate's content into PDF bytes with a template bound at creation.
///
/// Renderers are not `Sendable`: each rendering thread owns one (Pango font maps must not be
/// shared between threads). Output must be deterministic: the same content gives the same bytes.
public protocol CertificateRenderer {
    /// The PDF bytes of `content`.
    func render(_ content: CertificateContent) throws -> Data
    /// The PDF bytes of `content` and the font files whose glyphs they embed (see `RenderedPDF`).
    func renderReportingFonts(_ content: CertificateContent) throws -> RenderedPDF
}

extension CertificateRenderer {
    /// The PDF with no font files: for renderers that use none.
    public func renderReportingFonts(_ content: CertificateContent) throws -> RenderedPDF {
        RenderedPDF(pdf: try render(content), fontFiles: [])
    }
}

/// A certificate's PDF and the font files its glyphs came from: paths as fontconfig knows them,
/// in fontconfig's order (the order that decides between two fonts that both have a glyph).
public struct RenderedPDF: Sendable, Equatable {
    /// The PDF's bytes.
    public var pdf: Data
    /// Paths of the font files used.
    public var fontFiles: [String]

    /// Creates a result.
    public init(pdf: Data, fontFiles: [String]) {
        self.pdf = pdf
        self.fontFiles = fontFiles
    }
}

/// A renderer that writes the content as canonical JSON instead of a PDF, for tests and
/// dry runs that must not depend on Cairo.
public struct TextCertificateRenderer: CertificateRenderer {
    /// Creates the renderer.
    public init() {}

    public func render(_ content: CertificateContent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(content)
    }
}
