/// A declarative certificate layout: a page, its margins, an optional background and elements
/// placed in millimetres, drawn (and read out by screen readers) in order.
///
/// Templates live in `Templates/<name>.yaml`; `TemplateLoader` (CPDImport) reads them.
/// ```yaml
/// page: { size: A4, orientation: landscape }
/// margins: 12
/// locale: en-GB
/// elements:
///   - text: "{{attendee.name}}"
///     name: attendee-name
///     box: { x: 148.5, y: 80, width: 257, height: 18, anchor: top }
///     font: { family: "Noto Serif", size: 34, minimum_size: 16 }
///     align: center
/// ```
public struct CertificateTemplate: Hashable, Sendable {
    /// The template's name (its file name without extension).
    public var name: String
    /// Page width in millimetres.
    public var pageWidth: Double
    /// Page height in millimetres.
    public var pageHeight: Double
    /// Elements in drawing and reading order.
    public var elements: [TemplateElement]
    /// Text for the PDF's subject metadata; may contain placeholders.
    public var subject: String
    /// Text for the PDF's title metadata; may contain placeholders.
    public var title: String
    /// Space kept clear at the page's edges for text, lists, images and QR codes.
    public var margins: Margins
    /// An SVG, PNG or one-page PDF asset drawn under everything, stretched to the page.
    public var background: String?
    /// The locale dates and numbers are written in (BCP 47, e.g. `en-GB`, `cy`), and the
    /// document's language for screen readers.
    public var locale: String
    /// One line saying what the template looks like, for listings and contact sheets.
    public var summary: String

    /// Creates a template.
    public init(
        name: String, pageWidth: Double, pageHeight: Double, elements: [TemplateElement], subject: String,
        title: String = "Certificate of Attendance: {{event.title}}", margins: Margins = .standard, background: String? = nil,
        locale: String = CertificateComposer.baseLocale, summary: String = ""
    ) {
        self.name = name
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.elements = elements
        self.subject = subject
        self.title = title
        self.margins = margins
        self.background = background
        self.locale = locale
        self.summary = summary
    }

    /// The whole page as a box.
    public var page: Box { Box(x: 0, y: 0, width: pageWidth, height: pageHeight) }

    /// The area inside the margins.
    public var contentArea: Box {
        Box(
            x: margins.left, y: margins.top, width: pageWidth - margins.left - margins.right,
            height: pageHeight - margins.top - margins.bottom)
    }

    /// Asset names the template uses (the background first), in order of first use.
    public var assetNames: [String] {
        var seen: Set<String> = []
        let images = elements.compactMap { element -> String? in
            guard case .image(let image) = element else { return nil }
            return image.asset
        }
        return ([background].compactMap { $0 } + images).filter { seen.insert($0).inserted }
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
