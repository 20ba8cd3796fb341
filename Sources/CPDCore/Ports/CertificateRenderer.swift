public import Foundation

/// Draws one certificate's content into PDF bytes with a template bound at creation.
///
/// Renderers are not `Sendable`: each rendering thread owns one (Pango font maps must not be
/// shared between threads). Output must be deterministic: the same content gives the same bytes.
public protocol CertificateRenderer {
    /// The PDF bytes of `content`.
    func render(_ content: CertificateContent) throws -> Data
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
