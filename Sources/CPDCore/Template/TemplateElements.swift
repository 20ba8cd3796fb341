/// A font request: a Pango family list, size and style.
public struct FontSpec: Hashable, Sendable {
    /// Comma-separated family list, tried in order, e.g. "Noto Serif, Noto Sans CJK SC".
    public var families: String
    /// Size in points.
    public var size: Double
    /// Smallest size shrink-to-fit may use, in points; equal to `size` means no shrinking.
    public var minimumSize: Double
    /// CSS-style weight, 100...900 (400 regular, 700 bold).
    public var weight: Int
    /// Italic style.
    public var italic: Bool
    /// Extra space between letters, in points (0 = the font's own spacing).
    public var letterSpacing: Double

    /// Creates a font request.
    public init(
        families: String, size: Double, minimumSize: Double? = nil, weight: Int = 400, italic: Bool = false, letterSpacing: Double = 0
    ) {
        self.families = families
        self.size = size
        self.minimumSize = minimumSize ?? size
        self.weight = weight
        self.italic = italic
        self.letterSpacing = letterSpacing
    }

    /// The family names in order, trimmed.
    public var familyList: [String] {
        families.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

/// What a text element is in the document's structure, for screen readers (tagged PDF).
public enum TextRole: String, Hashable, Sendable, CaseIterable {
    /// The certificate's title (PDF tag H1).
    case heading
    /// A section heading such as "Learning outcomes" (H2).
    case subheading
    /// Anything else (P).
    case paragraph
}

/// Text with placeholders, fitted into a box: the largest size from `font.size` down to
/// `font.minimumSize` at which it fits the box in at most `maximumLines` lines.
public struct TextElement: Hashable, Sendable {
    public var name: String
    /// The text, with `{{placeholder}}`s.
    public var text: TemplateText
    public var box: Box
    public var font: FontSpec
    public var colour: Colour
    public var alignment: TextAlignment
    public var verticalAlignment: VerticalAlignment
    /// Most lines the text may wrap to.
    public var maximumLines: Int
    /// Line height as a multiple of the font's (1 = the font's own).
    public var lineSpacing: Double
    /// When set, the text is a link to this (placeholders allowed).
    public var link: TemplateText?
    /// Heading or paragraph, for the PDF's structure.
    public var role: TextRole
    /// The text's language when it differs from the template's (BCP 47), e.g. `en-GB` on a Welsh page.
    public var language: String?

    /// Creates a text element.
    public init(
        name: String, text: TemplateText, box: Box, font: FontSpec, colour: Colour = .black,
        alignment: TextAlignment = .left, verticalAlignment: VerticalAlignment = .middle, maximumLines: Int = 1,
        lineSpacing: Double = 1, link: TemplateText? = nil, role: TextRole = .paragraph, language: String? = nil
    ) {
        self.name = name
        self.text = text
        self.box = box
        self.font = font
        self.colour = colour
        self.alignment = alignment
        self.verticalAlignment = verticalAlignment
        self.maximumLines = maximumLines
        self.lineSpacing = lineSpacing
        self.link = link
        self.role = role
        self.language = language
    }
}

/// A bulleted list (the learning outcomes), shrunk as a whole to fit its box.
public struct ListElement: Hashable, Sendable {
    public var name: String
    /// The list placeholder, e.g. `event.learning_outcomes`.
    public var items: String
    public var box: Box
    public var font: FontSpec
    public var colour: Colour
    public var bullet: String
    /// Space between items as a multiple of the line height.
    public var itemSpacing: Double
    /// Number of columns the items flow into.
    public var columns: Int
    /// Line height within an item as a multiple of the font's.
    public var lineSpacing: Double

    /// Creates a list element.
    public init(
        name: String, items: String, box: Box, font: FontSpec, colour: Colour = .black,
        bullet: String = "•", itemSpacing: Double = 0.3, columns: Int = 1, lineSpacing: Double = 1
    ) {
        self.name = name
        self.items = items
        self.box = box
        self.font = font
        self.colour = colour
        self.bullet = bullet
        self.itemSpacing = itemSpacing
        self.columns = columns
        self.lineSpacing = lineSpacing
    }
}

/// An SVG, PNG or one-page PDF asset scaled to fit a box, keeping its aspect ratio.
public struct ImageElement: Hashable, Sendable {
    public var name: String
    /// File name in the assets folder.
    public var asset: String
    public var box: Box
    /// Alternative text for screen readers.
    public var alternativeText: String
    /// Where the image sits in its box when their shapes differ.
    public var alignment: TextAlignment
    public var verticalAlignment: VerticalAlignment

    /// Creates an image element.
    public init(
        name: String, asset: String, box: Box, alternativeText: String, alignment: TextAlignment = .center,
        verticalAlignment: VerticalAlignment = .middle
    ) {
        self.name = name
        self.asset = asset
        self.box = box
        self.alternativeText = alternativeText
        self.alignment = alignment
        self.verticalAlignment = verticalAlignment
    }
}

/// QR code error-correction level.
public enum QRErrorCorrection: String, Hashable, Sendable, CaseIterable {
    case low = "L", medium = "M", quartile = "Q", high = "H"
}

/// A QR code, drawn as a 1-bit image mask without interpolation, that links to its payload.
public struct QRCodeElement: Hashable, Sendable {
    public var name: String
    /// What the code encodes (placeholders allowed); usually `{{certificate.url}}`.
    public var payload: TemplateText
    /// Top-left corner and side length in millimetres (quiet zone included).
    public var x: Double
    public var y: Double
    public var size: Double
    public var errorCorrection: QRErrorCorrection
    /// Light modules around the code; the standard asks for 4.
    public var quietZone: Int
    public var colour: Colour
    /// What a screen reader says for the code (placeholders allowed).
    public var alternativeText: TemplateText

    /// The default alternative text: says what the code is for and reads out the address.
    public static let defaultAlternativeText = try! TemplateText(
        parsing: "QR code linking to this certificate's verification page, {{certificate.url}}")

    /// Creates a QR code element.
    public init(
        name: String, payload: TemplateText, x: Double, y: Double, size: Double,
        errorCorrection: QRErrorCorrection = .medium, quietZone: Int = 4, colour: Colour = .black,
        alternativeText: TemplateText = QRCodeElement.defaultAlternativeText
    ) {
        self.name = name
        self.payload = payload
        self.x = x
        self.y = y
        self.size = size
        self.errorCorrection = errorCorrection
        self.quietZone = quietZone
        self.colour = colour
        self.alternativeText = alternativeText
    }

    /// The square the code (quiet zone included) occupies.
    public var box: Box { Box(x: x, y: y, width: size, height: size) }
}

/// A straight line.
public struct LineElement: Hashable, Sendable {
    public var name: String
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double
    /// Stroke width in points.
    public var width: Double
    public var colour: Colour

    /// Creates a line.
    public init(name: String, x1: Double, y1: Double, x2: Double, y2: Double, width: Double, colour: Colour) {
        self.name = name
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
        self.width = width
        self.colour = colour
    }

    /// The smallest box holding the line.
    public var box: Box {
        Box(x: min(x1, x2), y: min(y1, y2), width: max(abs(x2 - x1), 0.001), height: max(abs(y2 - y1), 0.001))
    }
}

/// A rectangle, stroked, filled or both.
public struct RectangleElement: Hashable, Sendable {
    public var name: String
    public var box: Box
    public var strokeWidth: Double
    public var strokeColour: Colour?
    public var fillColour: Colour?
    public var cornerRadius: Double

    /// Creates a rectangle.
    public init(
        name: String, box: Box, strokeWidth: Double = 0, strokeColour: Colour? = nil, fillColour: Colour? = nil, cornerRadius: Double = 0
    ) {
        self.name = name
        self.box = box
        self.strokeWidth = strokeWidth
        self.strokeColour = strokeColour
        self.fillColour = fillColour
        self.cornerRadius = cornerRadius
    }
}
