/// A declarative certificate layout: a page and elements placed in millimetres.
///
/// Templates live in `Templates/<name>.yaml`; `TemplateLoader` (CPDImport) reads them.
/// ```yaml
/// page: { size: A4, orientation: landscape }
/// elements:
///   - text: "{{attendee.name}}"
///     name: attendee-name
///     box: { x: 20, y: 80, width: 257, height: 18 }
///     font: { family: "Noto Serif", size: 34, minimum_size: 16 }
/// ```
public struct CertificateTemplate: Hashable, Sendable {
    /// The template's name (its file name without extension).
    public var name: String
    /// Page width in millimetres.
    public var pageWidth: Double
    /// Page height in millimetres.
    public var pageHeight: Double
    /// Elements in drawing order.
    public var elements: [TemplateElement]
    /// Text for the PDF's subject metadata; may contain placeholders.
    public var subject: String

    /// Creates a template.
    public init(name: String, pageWidth: Double, pageHeight: Double, elements: [TemplateElement], subject: String) {
        self.name = name
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.elements = elements
        self.subject = subject
    }

    /// Asset names the template uses, in order of first use.
    public var assetNames: [String] {
        var seen: Set<String> = []
        return elements.compactMap { element in
            guard case .image(let image) = element, seen.insert(image.asset).inserted else { return nil }
            return image.asset
        }
    }
}

/// One thing drawn on the page.
public enum TemplateElement: Hashable, Sendable {
    case text(TextElement)
    case list(ListElement)
    case image(ImageElement)
    case qrCode(QRCodeElement)
    case line(LineElement)
    case rectangle(RectangleElement)

    /// The element's name, for error messages.
    public var name: String {
        switch self {
        case .text(let element): element.name
        case .list(let element): element.name
        case .image(let element): element.name
        case .qrCode(let element): element.name
        case .line(let element): element.name
        case .rectangle(let element): element.name
        }
    }
}

/// A rectangle in millimetres from the page's top-left corner.
public struct Box: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    /// Creates a box.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// An sRGB colour with alpha, each channel 0...1.
public struct Colour: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    /// Creates a colour.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa`.
    public init?(hex: String) {
        var digits = Substring(hex)
        guard digits.first == "#" else { return nil }
        digits.removeFirst()
        if digits.count == 3 { digits = Substring(digits.flatMap { [$0, $0] }) }
        guard digits.count == 6 || digits.count == 8, let value = UInt32(digits, radix: 16) else { return nil }
        let hasAlpha = digits.count == 8
        let rgb = hasAlpha ? value >> 8 : value
        self.red = Double((rgb >> 16) & 0xFF) / 255
        self.green = Double((rgb >> 8) & 0xFF) / 255
        self.blue = Double(rgb & 0xFF) / 255
        self.alpha = hasAlpha ? Double(value & 0xFF) / 255 : 1
    }

    public static let black = Colour(red: 0, green: 0, blue: 0)
}

/// Horizontal alignment of text in its box.
public enum TextAlignment: String, Hashable, Sendable, CaseIterable {
    case left, center, right
}

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

    /// Creates a font request.
    public init(families: String, size: Double, minimumSize: Double? = nil, weight: Int = 400, italic: Bool = false) {
        self.families = families
        self.size = size
        self.minimumSize = minimumSize ?? size
        self.weight = weight
        self.italic = italic
    }
}

/// Text with placeholders, fitted into a box.
public struct TextElement: Hashable, Sendable {
    public var name: String
    /// The text, with `{{placeholder}}`s.
    public var text: TemplateText
    public var box: Box
    public var font: FontSpec
    public var colour: Colour
    public var alignment: TextAlignment
    /// Most lines the text may wrap to.
    public var maximumLines: Int
    /// Line height as a multiple of the font's (1 = the font's own).
    public var lineSpacing: Double
    /// When set, the text is a link to this (placeholders allowed).
    public var link: TemplateText?

    /// Creates a text element.
    public init(
        name: String, text: TemplateText, box: Box, font: FontSpec, colour: Colour = .black,
        alignment: TextAlignment = .left, maximumLines: Int = 1, lineSpacing: Double = 1,
        link: TemplateText? = nil
    ) {
        self.name = name
        self.text = text
        self.box = box
        self.font = font
        self.colour = colour
        self.alignment = alignment
        self.maximumLines = maximumLines
        self.lineSpacing = lineSpacing
        self.link = link
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

    /// Creates a list element.
    public init(
        name: String, items: String, box: Box, font: FontSpec, colour: Colour = .black,
        bullet: String = "•", itemSpacing: Double = 0.3, columns: Int = 1
    ) {
        self.name = name
        self.items = items
        self.box = box
        self.font = font
        self.colour = colour
        self.bullet = bullet
        self.itemSpacing = itemSpacing
        self.columns = columns
    }
}

/// An SVG or PNG asset scaled to fit a box, keeping its aspect ratio.
public struct ImageElement: Hashable, Sendable {
    public var name: String
    /// File name in the assets folder.
    public var asset: String
    public var box: Box
    /// Alternative text for screen readers.
    public var alternativeText: String

    /// Creates an image element.
    public init(name: String, asset: String, box: Box, alternativeText: String) {
        self.name = name
        self.asset = asset
        self.box = box
        self.alternativeText = alternativeText
    }
}

/// QR code error-correction level.
public enum QRErrorCorrection: String, Hashable, Sendable, CaseIterable {
    case low = "L", medium = "M", quartile = "Q", high = "H"
}

/// A QR code, drawn as vector squares, that links to its payload.
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

    /// Creates a QR code element.
    public init(
        name: String, payload: TemplateText, x: Double, y: Double, size: Double,
        errorCorrection: QRErrorCorrection = .medium, quietZone: Int = 4, colour: Colour = .black
    ) {
        self.name = name
        self.payload = payload
        self.x = x
        self.y = y
        self.size = size
        self.errorCorrection = errorCorrection
        self.quietZone = quietZone
        self.colour = colour
    }
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
