import CCairo
public import CPDCore
public import Foundation

/// Draws certificates into PDF with Cairo, Pango and libqrencode, from one template.
///
/// ```swift
/// let renderer = try CairoCertificateRenderer(package: templatePackage)
/// let pdf = try renderer.render(content)   // same content → same bytes
/// ```
/// Not `Sendable`: each rendering thread makes its own renderer (its own Pango font map).
public final class CairoCertificateRenderer: CertificateRenderer {
    private let template: CertificateTemplate
    private let typesetter = PangoTypesetter()
    private var images: [String: ImageAsset] = [:]

    /// Prepares to render `package`: parses its images and checks that every font family it
    /// names is installed.
    public init(package: TemplatePackage) throws(RenderError) {
        template = package.template
        for (name, data) in package.assets {
            images[name] = try ImageAsset(name: name, data: data)
        }
        for element in template.elements {
            let font: FontSpec
            switch element {
            case .text(let text): font = text.font
            case .list(let list): font = list.font
            default: continue
            }
            for family in font.families.split(separator: ",") where !typesetter.isInstalled(String(family)) {
                throw RenderError.fontNotInstalled(element: element.name, family: family.trimmingWhitespace())
            }
        }
    }

    public func render(_ content: CertificateContent) throws(RenderError) -> Data {
        let surface = try PDFSurface(width: points(template.pageWidth), height: points(template.pageHeight))
        let values = content.placeholderValues
        surface.setMetadata(CAIRO_PDF_METADATA_TITLE, "Certificate of Attendance: \(content.eventTitle)")
        surface.setMetadata(CAIRO_PDF_METADATA_AUTHOR, content.organiserName)
        surface.setMetadata(CAIRO_PDF_METADATA_SUBJECT, (try? TemplateText(parsing: template.subject))?.resolve(values) ?? template.subject)
        surface.setMetadata(CAIRO_PDF_METADATA_KEYWORDS, "CPD, certificate of attendance, \(content.certificateID)")
        surface.setMetadata(CAIRO_PDF_METADATA_CREATOR, "cpdcert")
        let date = Self.pdfDate(content.issuedAt)
        surface.setMetadata(CAIRO_PDF_METADATA_CREATE_DATE, date)
        surface.setMetadata(CAIRO_PDF_METADATA_MOD_DATE, date)

        try draw(content, values: values, on: surface.context, checkStatus: surface.checkStatus)
        return try surface.finish()
    }

    /// The certificate as a PNG picture at `dpi` (96 gives a screen-sized A4 page), drawn from
    /// the same elements as the PDF; the PDF output is unaffected.
    public func renderPNG(_ content: CertificateContent, dpi: Double = 96) throws(RenderError) -> Data {
        guard (18...600).contains(dpi) else {
            throw RenderError.cairo("a picture's resolution must be between 18 and 600 dpi, found \(dpi)")
        }
        let scale = dpi / 72
        let surface = try ImageSurface(
            width: Int((points(template.pageWidth) * scale).rounded()), height: Int((points(template.pageHeight) * scale).rounded()))
        cairo_scale(surface.context, scale, scale)
        try draw(content, values: content.placeholderValues, on: surface.context, checkStatus: surface.checkStatus)
        return try surface.png()
    }

    /// Draws every element of the template, checking cairo's status after each.
    private func draw(
        _ content: CertificateContent, values: [String: String], on context: OpaquePointer,
        checkStatus: () throws(RenderError) -> Void
    ) throws(RenderError) {
        typesetter.attach(to: context)
        for element in template.elements {
            switch element {
            case .text(let text):
                guard !text.text.isEmpty(with: values) else { continue }
                try drawText(text, values: values, on: context)
            case .list(let list):
                try drawList(list, items: content.listValues[list.items] ?? [], on: context)
            case .image(let image):
                guard let asset = images[image.asset] else {
                    throw RenderError.badAsset(asset: image.asset, reason: "not loaded with the template")
                }
                try asset.draw(on: context, in: image.box, name: image.asset)
            case .qrCode(let qr):
                let payload = qr.payload.resolve(values)
                let modules: QRModules
                do {
                    modules = try QRModules(payload: payload, level: qr.errorCorrection)
                } catch {
                    throw RenderError.qrCode(element: qr.name, reason: error.description)
                }
                try CairoDrawing.withLink(context, to: payload) { () throws(RenderError) in
                    modules.draw(
                        on: context, x: points(qr.x), y: points(qr.y), size: points(qr.size), quietZone: qr.quietZone, colour: qr.colour)
                }
            case .line(let line):
                cairo_move_to(context, points(line.x1), points(line.y1))
                cairo_line_to(context, points(line.x2), points(line.y2))
                cairo_set_line_width(context, line.width)
                CairoDrawing.setColour(context, line.colour)
                cairo_stroke(context)
            case .rectangle(let rectangle):
                CairoDrawing.rectanglePath(context, rectangle.box, radius: rectangle.cornerRadius)
                if let fill = rectangle.fillColour {
                    CairoDrawing.setColour(context, fill)
                    if rectangle.strokeColour != nil { cairo_fill_preserve(context) } else { cairo_fill(context) }
                }
                if let stroke = rectangle.strokeColour {
                    cairo_set_line_width(context, rectangle.strokeWidth)
                    CairoDrawing.setColour(context, stroke)
                    cairo_stroke(context)
                }
                cairo_new_path(context)
            }
            try checkStatus()
        }
    }

    /// Fits `element`'s text into its box (shrinking, then wrapping), checks every glyph
    /// exists, and draws it vertically centred.
    private func drawText(_ element: TextElement, values: [String: String], on context: OpaquePointer) throws(RenderError) {
        let text = element.text.resolve(values)
        let width = points(element.box.width), height = points(element.box.height)
        let layout = try fit(element.name, font: element.font) { size in
            let layout = typesetter.layout(
                text, font: element.font, size: size, width: width, alignment: element.alignment, lineSpacing: element.lineSpacing)
            let fits = layout.lineCount <= element.maximumLines && layout.size.height <= height + 0.01
            return (layout, fits)
        }
        try checkGlyphs(layout, text: text, element: element.name, font: element.font)
        let y = points(element.box.y) + (height - layout.size.height) / 2
        try CairoDrawing.withLink(context, to: element.link?.resolve(values)) { () throws(RenderError) in
            CairoDrawing.setColour(context, element.colour)
            layout.draw(on: context, x: points(element.box.x), y: y)
        }
    }

    /// Lays the items out in columns with a hanging bullet, all at one size that fits the box.
    private func drawList(_ element: ListElement, items: [String], on context: OpaquePointer) throws(RenderError) {
        guard !items.isEmpty else { return }
        let gap = points(4)
        let columnWidth = (points(element.box.width) - gap * Double(element.columns - 1)) / Double(element.columns)
        let perColumn = (items.count + element.columns - 1) / element.columns
        typealias Placed = (bullet: TextLayout, item: TextLayout, x: Double, y: Double)
        let placed = try fit(element.name, font: element.font) { size in
            let bullet = typesetter.layout(element.bullet, font: element.font, size: size, width: nil, alignment: .left, lineSpacing: 1)
            let indent = bullet.size.width + size * 0.5
            let spacing = bullet.size.height * element.itemSpacing
            var result: [Placed] = []
            var tallest = 0.0
            for (index, item) in items.enumerated() {
                let column = index / perColumn
                let first = index % perColumn == 0
                let y = first ? 0 : result[result.count - 1].y + result[result.count - 1].item.size.height + spacing
                let layout = typesetter.layout(
                    item, font: element.font, size: size, width: columnWidth - indent, alignment: .left, lineSpacing: 1)
                let x = Double(column) * (columnWidth + gap)
                result.append((bullet, layout, x, y))
                tallest = max(tallest, y + layout.size.height)
            }
            return (result, tallest <= points(element.box.height) + 0.01)
        }
        CairoDrawing.setColour(context, element.colour)
        for (index, entry) in placed.enumerated() {
            try checkGlyphs(entry.item, text: items[index], element: element.name, font: element.font)
            let x = points(element.box.x) + entry.x
            let y = points(element.box.y) + entry.y
            entry.bullet.draw(on: context, x: x, y: y)
            entry.item.draw(on: context, x: x + entry.bullet.size.width + element.font.size * 0.5, y: y)
        }
    }

    /// Tries sizes from the font's size down to its minimum until `attempt` says it fits.
    private func fit<Result>(_ name: String, font: FontSpec, _ attempt: (Double) -> (Result, Bool)) throws(RenderError) -> Result {
        var size = font.size
        while true {
            let (result, fits) = attempt(size)
            if fits { return result }
            if size <= font.minimumSize { throw RenderError.doesNotFit(element: name, minimumSize: font.minimumSize) }
            size = max(font.minimumSize, size - max(0.25, size * 0.04))
        }
    }

    /// Fails, naming the characters, when any glyph would be drawn as a box.
    private func checkGlyphs(_ layout: TextLayout, text: String, element: String, font: FontSpec) throws(RenderError) {
        guard layout.unknownGlyphs > 0 else { return }
        var missing: [String] = []
        for character in Set(text) where !character.isWhitespace {
            let single = typesetter.layout(String(character), font: font, size: font.size, width: nil, alignment: .left, lineSpacing: 1)
            if single.unknownGlyphs > 0 {
                missing.append(
                    contentsOf: character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) })
            }
        }
        throw RenderError.missingGlyphs(element: element, codePoints: missing.sorted(), fonts: font.families)
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

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
