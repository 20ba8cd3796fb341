/// Why a certificate could not be drawn. Every case names what to fix.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The fonts have no glyph for these characters (as U+XXXX code points).
    case missingGlyphs(element: String, codePoints: [String], fonts: String)
    /// The text does not fit its box even at the minimum font size.
    case doesNotFit(element: String, minimumSize: Double)
    /// A font family the template names is not installed.
    case fontNotInstalled(template: String, element: String, family: String)
    /// The template's background does not have the page's shape.
    case backgroundShape(template: String, asset: String, assetSize: String, pageSize: String)
    /// The content has no dates in a locale the template prints.
    case missingLocale(template: String, locale: String)
    /// An image asset could not be read.
    case badAsset(asset: String, reason: String)
    /// The QR code could not be encoded.
    case qrCode(element: String, reason: String)
    /// A font file (an archived one, drawing a certificate again) cannot be used.
    case badFont(file: String, reason: String)
    /// Cairo reported an error.
    case cairo(String)
    /// The certificate was drawn by a newer cpdcert's drawing code than this build has.
    case unknownDrawing(revision: Int, newest: Int)

    public var description: String {
        switch self {
        case .missingGlyphs(let element, let codePoints, let fonts):
            return
                "element '\(element)': no installed font in '\(fonts)' has a glyph for \(codePoints.joined(separator: ", ")); add a font that covers them to the template's family list (and install it) rather than print a box"
        case .doesNotFit(let element, let minimumSize):
            return
                "element '\(element)': the text does not fit its box even at \(minimumSize) pt; enlarge the box, allow more lines or lower minimum_size"
        case .fontNotInstalled(let template, let element, let family):
            return
                "template '\(template)', element '\(element)': font family '\(family)' is not installed; install it (make deps installs the fonts the shipped templates name; see fc-list) or change the template's font list"
        case .backgroundShape(let template, let asset, let assetSize, let pageSize):
            return
                "template '\(template)', background '\(asset)': it is \(assetSize) but the page is \(pageSize); export the background at the page's size and orientation"
        case .missingLocale(let template, let locale):
            return
                "template '\(template)' prints dates in '\(locale)' but the certificate's content has none; compose it with the template's dateLocales"
        case .badAsset(let asset, let reason):
            return "asset '\(asset)' cannot be drawn: \(reason)"
        case .qrCode(let element, let reason):
            return "element '\(element)': the QR code cannot be made: \(reason)"
        case .badFont(let file, let reason):
            return "font file '\(file)': \(reason)"
        case .cairo(let message):
            return "cairo: \(message)"
        case .unknownDrawing(let revision, let newest):
            return
                "the certificate was drawn with drawing revision \(revision) and this cpdcert knows up to \(newest); draw it again with the cpdcert that issued it or a newer one"
        }
    }
}
