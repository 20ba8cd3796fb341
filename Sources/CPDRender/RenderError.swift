/// Why a certificate could not be drawn. Every case names what to fix.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The fonts have no glyph for these characters (as U+XXXX code points).
    case missingGlyphs(element: String, codePoints: [String], fonts: String)
    /// The text does not fit its box even at the minimum font size.
    case doesNotFit(element: String, minimumSize: Double)
    /// A font family the template names is not installed.
    case fontNotInstalled(element: String, family: String)
    /// An image asset could not be read.
    case badAsset(asset: String, reason: String)
    /// The QR code could not be encoded.
    case qrCode(element: String, reason: String)
    /// Cairo reported an error.
    case cairo(String)

    public var description: String {
        switch self {
        case .missingGlyphs(let element, let codePoints, let fonts):
            return
                "element '\(element)': no installed font in '\(fonts)' has a glyph for \(codePoints.joined(separator: ", ")); add a font that covers them to the template's family list (and install it) rather than print a box"
        case .doesNotFit(let element, let minimumSize):
            return
                "element '\(element)': the text does not fit its box even at \(minimumSize) pt; enlarge the box, allow more lines or lower minimum_size"
        case .fontNotInstalled(let element, let family):
            return
                "element '\(element)': font family '\(family)' is not installed; install it (e.g. apt-get install fonts-noto-core fonts-noto-cjk) or change the template's font list (see fc-list)"
        case .badAsset(let asset, let reason):
            return "asset '\(asset)' cannot be drawn: \(reason)"
        case .qrCode(let element, let reason):
            return "element '\(element)': the QR code cannot be made: \(reason)"
        case .cairo(let message):
            return "cairo: \(message)"
        }
    }
}
