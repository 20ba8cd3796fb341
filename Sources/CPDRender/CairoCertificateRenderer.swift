import CCairo
import CDeflateLevel
public import CPDCore
public import Foundation

/// Draws certificates from one template with Cairo, Pango, libqrencode, librsvg and poppler:
/// a tagged, accessible PDF for issuing, a PNG for previews, or the resolved layout for tests.
///
/// ```swift
/// let renderer = try CairoCertificateRenderer(package: templatePackage)
/// let pdf = try renderer.render(content)   // same content → same bytes
/// let png = try renderer.renderPNG(sample, dotsPerInch: 150, watermark: SampleCertificate.watermark)
/// ```
/// Not `Sendable`: each rendering thread makes its own renderer (its own Pango font map).
public final class CairoCertificateRenderer: CertificateRenderer {
    let template: CertificateTemplate
    let typesetter: PangoTypesetter
    var images: [String: ImageAsset] = [:]

    /// The font family the preview's watermark and banner use (fonts-noto-core).
    static let watermarkFont = FontSpec(families: "Noto Sans", size: 9, weight: 700)

    /// Prepares to render `package`: parses its images and checks that every font family it
    /// names is installed and that the background has the page's shape.
    ///
    /// With `fontFiles` (the archived font files a certificate was drawn with, in the order it
    /// reported them) it draws with those files alone, never the system's fonts, and the family
    /// check is skipped: a certificate needs only the families it printed with.
    ///
    /// `drawing` is the revision of the drawing code to draw with (`RenderingInputs.drawing`):
    /// the current one for new certificates, the archived one to draw an earlier certificate
    /// again byte for byte.
    public init(package: TemplatePackage, fontFiles: [String]? = nil, drawing: Int = RenderingInputs.currentDrawing) throws(RenderError) {
        guard (1...RenderingInputs.currentDrawing).contains(drawing) else {
            throw RenderError.unknownDrawing(revision: drawing, newest: RenderingInputs.currentDrawing)
        }
        self.drawing = drawing
        template = package.template
        typesetter = try FontLock.run { () throws(RenderError) in try PangoTypesetter(fontFiles: fontFiles) }
        // librsvg may lay out SVG text and poppler sets up its global state: under the font lock.
        images = try FontLock.run { () throws(RenderError) in
            var images: [String: ImageAsset] = [:]
            for (name, data) in package.assets { images[name] = try ImageAsset(name: name, data: data) }
            return images
        }
        for element in template.elements {
            let font: FontSpec
            switch element {
            case .text(let text): font = text.font
            case .list(let list): font = list.font
            default: continue
            }
            for family in font.familyList where fontFiles == nil && !typesetter.isInstalled(family) {
                throw RenderError.fontNotInstalled(template: template.name, element: element.name, family: family)
            }
        }
        if let name = template.background {
            guard let background = images[name] else {
                throw RenderError.badAsset(asset: name, reason: "not loaded with the template")
            }
            let assetRatio = background.aspectRatio, pageRatio = template.pageWidth / template.pageHeight
            if abs(assetRatio / pageRatio - 1) > 0.01 {
                let size = background.intrinsicSize
                throw RenderError.backgroundShape(
                    template: template.name, asset: name,
                    assetSize:
                        "\(Int(size.width.rounded())) × \(Int(size.height.rounded())) (\(assetRatio > 1 ? "landscape" : "portrait"))",
                    pageSize: "\(ResolvedLayout.number(template.pageWidth)) × \(ResolvedLayout.number(template.pageHeight)) mm")
            }
        }
    }

    /// The revision of the drawing code this renderer draws with.
    public let drawing: Int

    /// The zlib level of every stream in the PDFs of drawing revision `drawing` (cairo's own
    /// default, 6, is replaced on the drawing thread by the CDeflateLevel target's `deflateInit_`).
    public static func streamCompressionLevel(drawing: Int) -> Int { drawing >= 2 ? 3 : 6 }

    /// Whether the QR code is drawn as an image mask (revision 2 on) or as vector squares.
    var drawsQRCodeAsImageMask: Bool { drawing >= 2 }

    /// The template's name.
    public var templateName: String { template.name }

    /// The template's one-line description.
    public var templateSummary: String { template.summary }

    public func render(_ content: CertificateContent) throws(RenderError) -> Data {
        try renderPDF(content)
    }

    public func renderReportingFonts(_ content: CertificateContent) throws(RenderError) -> RenderedPDF {
        try FontLock.run { () throws(RenderError) in
            typesetter.forgetDrawnFonts()
            let pdf = try unlockedPDF(content, watermark: nil)
            return RenderedPDF(pdf: pdf, fontFiles: typesetter.drawnFontFiles())
        }
    }

    /// The PDF of `content`; with a `watermark` (for previews) it is written across the page,
    /// into the title and read out first.
    public func renderPDF(_ content: CertificateContent, watermark: String? = nil) throws(RenderError) -> Data {
        try FontLock.run { () throws(RenderError) in try unlockedPDF(content, watermark: watermark) }
    }

    private func unlockedPDF(_ content: CertificateContent, watermark: String?) throws(RenderError) -> Data {
        let previousLevel = cpd_set_deflate_level(Int32(Self.streamCompressionLevel(drawing: drawing)))
        defer { cpd_set_deflate_level(previousLevel) }
        let surface = try PDFSurface(width: points(template.pageWidth), height: points(template.pageHeight))
        let values = content.placeholderValues(locale: template.locale)
        func resolve(_ source: String) -> String { (try? TemplateText(parsing: source))?.resolve(values) ?? source }
        let title = resolve(template.title)
        surface.setMetadata(CAIRO_PDF_METADATA_TITLE, watermark.map { "\($0): \(title)" } ?? title)
        surface.setMetadata(CAIRO_PDF_METADATA_AUTHOR, content.organiserName)
        surface.setMetadata(CAIRO_PDF_METADATA_SUBJECT, resolve(template.subject))
        surface.setMetadata(CAIRO_PDF_METADATA_KEYWORDS, "CPD, certificate of attendance, \(content.certificateID)")
        surface.setMetadata(CAIRO_PDF_METADATA_CREATOR, "cpdcert")
        let date = Self.pdfDate(content.issuedAt)
        surface.setMetadata(CAIRO_PDF_METADATA_CREATE_DATE, date)
        surface.setMetadata(CAIRO_PDF_METADATA_MOD_DATE, date)

        let tags = StructureTags(context: surface.context, enabled: true)
        _ = try draw(content, on: surface.context, watermark: watermark, tags: tags)
        try surface.checkStatus()
        let pdf = try surface.finish()
        return try TaggedPDFPatch(language: template.locale, elements: tags.elements).apply(to: pdf)
    }

    /// The certificate as a PNG picture at `dpi` (96 gives a screen-sized A4 page).
    public func renderPNG(_ content: CertificateContent, dpi: Double = 96) throws(RenderError) -> Data {
        try renderPNG(content, dotsPerInch: dpi, watermark: nil)
    }

    /// A PNG picture of `content` at `dotsPerInch`, drawn by the same code as the PDF.
    public func renderPNG(_ content: CertificateContent, dotsPerInch: Double = 150, watermark: String? = nil) throws(RenderError) -> Data {
        guard (18...600).contains(dotsPerInch) else {
            throw RenderError.cairo("a picture's resolution must be between 18 and 600 dpi, found \(dotsPerInch)")
        }
        let scale = dotsPerInch / 72
        let surface = try ImageSurface(
            width: Int((points(template.pageWidth) * scale).rounded()), height: Int((points(template.pageHeight) * scale).rounded()))
        cairo_scale(surface.context, scale, scale)
        try FontLock.run { () throws(RenderError) in
            _ = try draw(content, on: surface.context, watermark: watermark, tags: StructureTags(context: surface.context, enabled: false))
        }
        return try surface.png()
    }

    /// Where each element of `content`'s certificate ends up, without writing a file.
    public func resolvedLayout(_ content: CertificateContent) throws(RenderError) -> ResolvedLayout {
        let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nil)!
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)!
        defer { cairo_destroy(context) }
        return try FontLock.run { () throws(RenderError) in
            try draw(content, on: context, watermark: nil, tags: StructureTags(context: context, enabled: false))
        }
    }

    /// ISO 8601 in UTC, the form cairo's PDF metadata takes.
    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(value ?? 0).leftPadded(to: 2) }
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }
}
