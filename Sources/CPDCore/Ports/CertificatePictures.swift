public import Foundation

/// Draws the picture of a certificate as issued, from its frozen record.
///
/// ```swift
/// switch try await pictures.picture(of: certificate) {
/// case .png(let bytes): ...            // image/png
/// case .unavailable(let reason): ...   // say so on the page
/// }
/// ```
public protocol CertificatePictures: Sendable {
    /// Whether a picture can be drawn (its rendering inputs are archived, or the template it was
    /// issued with is loaded, unchanged).
    func availability(of certificate: Certificate) async -> PictureAvailability
    /// The picture, drawn on request (and possibly cached).
    func picture(of certificate: Certificate) async throws -> Picture
}

/// A picture, or why there is none.
public enum Picture: Sendable, Equatable {
    case png(Data)
    case unavailable(String)
}

/// Whether a certificate's picture can be drawn, and if not why.
public enum PictureAvailability: Sendable, Equatable {
    case available
    case unavailable(String)
}

/// No pictures at all: the server was started without templates.
public struct NoCertificatePictures: CertificatePictures {
    /// Creates the stand-in.
    public init() {}

    public func availability(of certificate: Certificate) async -> PictureAvailability {
        .unavailable("this server was started without the certificate templates")
    }

    public func picture(of certificate: Certificate) async throws -> Picture {
        .unavailable("this server was started without the certificate templates")
    }
}
