import CCairo
import CPDCore
import Foundation

/// The one drawing routine every output (PDF, PNG, contact sheet, resolved layout) goes through.
extension CairoCertificateRenderer {
    /// Draws the page for `content` on `context` (user space in points, origin at the page's
    /// top-left), tagging structure for screen readers, and returns where everything went.
    func draw(_ content: CertificateContent, on context: OpaquePointer, watermark: String?, tags: StructureTags) throws(RenderError)
        -> ResolvedLayout
    {
        typesetter.attach(to: context)
        for locale in template.dateLocales where content.localized?[locale] == nil {
            throw RenderError.missingLocale(template: template.name, locale: locale)
        }
        let values = content.placeholderValues(locale: template.locale)
        var layout = ResolvedLayout(template: template.name, pageWidth: template.pageWidth, pageHeight: template.pageHeight)
        try tags.within("Document") { () throws(RenderError) in
            if let name = template.background, let background = images[name] {
                try background.draw(on: context, filling: template.page, name: name)
                layout.entries.append(Self.entry("background", name, template.page))
            }
            if let watermark { layout.entries.append(try drawBanner(watermark, on: context, tags: tags)) }
            for element in template.elements {
                if let entry = try draw(element, values: values, content: content, on: context, tags: tags) {
                    layout.entries.append(entry)
                }
                try CairoDrawing.checkStatus(context)
            }
            if let watermark { layout.entries.append(drawWatermark(watermark, on: context)) }
        }
        return layout
    }

    private func draw(
        _ element: TemplateElement, values: [String: String], content: CertificateContent, on context: OpaquePointer, tags: StructureTags
    ) throws(RenderError) -> ResolvedLayout.Entry? {
        switch element {
        case .text(let text):
            guard !text.text.isEmpty(with: values) else { return nil }
            return try drawText(text, values: values, on: context, tags: tags)
        case .list(let list):
            return try drawList(list, items: content.listValues[list.items] ?? [], on: context, tags: tags)
        case .image(let image):
            guard let asset = images[image.asset] else {
                throw RenderError.badAsset(asset: image.asset, reason: "not loaded with the template")
            }
            let fitted = asset.fitted(in: image.box, alignment: image.alignment, verticalAlignment: image.verticalAlignment)
            try tags.within("Figure", alternativeText: image.alternativeText) { () throws(RenderError) in
                try asset.draw(on: context, filling: fitted, name: image.asset)
            }
            var entry = Self.entry("image", image.name, image.box, drawn: fitted)
            entry.structure = "Figure"
            entry.text = image.alternativeText
            return entry
        case .qrCode(let qr):
            return try drawQRCode(qr, values: values, on: context, tags: tags)
        case .line(let line):
            cairo_move_to(context, points(line.x1), points(line.y1))
            cairo_line_to(context, points(line.x2), points(line.y2))
            cairo_set_line_width(context, line.width)
            CairoDrawing.setColour(context, line.colour)
            cairo_stroke(context)
            return Self.entry("line", line.name, line.box)
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
            return Self.entry("rectangle", rectangle.name, rectangle.box)
        }
    }

    private func drawQRCode(_ qr: QRCodeElement, values: [String: String], on context: OpaquePointer, tags: StructureTags)
        throws(RenderError)
        -> ResolvedLayout.Entry
    {
        let payload = qr.payload.resolve(values)
        let modules: QRModules
        do {
            modules = try QRModules(payload: payload, level: qr.errorCorrection)
        } catch {
            throw RenderError.qrCode(element: qr.name, reason: error.description)
        }
        let alternativeText = qr.alternativeText.resolve(values)
        try tags.within("Figure", alternativeText: alternativeText) { () throws(RenderError) in
            try tags.link(to: payload) { () throws(RenderError) in
                if drawsQRCodeAsImageMask {
                    try modules.draw(
                        on: context, x: points(qr.x), y: points(qr.y), size: points(qr.size), quietZone: qr.quietZone, colour: qr.colour)
                } else {
                    modules.drawAsSquares(
                        on: context, x: points(qr.x), y: points(qr.y), size: points(qr.size), quietZone: qr.quietZone, colour: qr.colour)
                }
            }
        }
        let module = qr.size / Double(modules.width + 2 * qr.quietZone)
        let inset = module * Double(qr.quietZone)
        var entry = Self.entry(
            "qr", qr.name, qr.box, drawn: Box(x: qr.x + inset, y: qr.y + inset, width: qr.size - 2 * inset, height: qr.size - 2 * inset))
        entry.structure = "Figure"
        entry.text = payload
        return entry
    }

    /// A line at the top of a preview saying it is a sample, read out first.
    private func drawBanner(_ watermark: String, on context: OpaquePointer, tags: StructureTags) throws(RenderError) -> ResolvedLayout.Entry
    {
        let text = "\(watermark): a preview of template '\(template.name)', not a certificate"
        let width = points(template.pageWidth - 20)
        let banner = typesetter.layout(text, font: Self.watermarkFont, size: 8, width: width, alignment: .center)
        let top = points(min(3, template.margins.top / 3))
        // On a light pill, so it reads on any background.
        let extent = banner.logicalExtent
        let pill = Box(
            x: 10 + millimetres(extent.x) - 2, y: millimetres(top) - 0.6, width: millimetres(extent.width) + 4,
            height: millimetres(extent.height) + 1.2)
        CairoDrawing.rectanglePath(context, pill, radius: pill.height / 2)
        cairo_set_source_rgba(context, 1, 1, 1, 0.92)
        cairo_fill(context)
        try tags.within("P") { () throws(RenderError) in
            cairo_set_source_rgb(context, 0.72, 0.11, 0.11)
            banner.draw(on: context, x: points(10), y: top)
        }
        var entry = Self.entry("watermark", "sample-banner", Box(x: 10, y: millimetres(top), width: template.pageWidth - 20, height: 4))
        entry.structure = "P"
        entry.text = text
        return entry
    }

    /// The watermark written large and faint across the page's diagonal; not read out (the
    /// banner says it).
    private func drawWatermark(_ watermark: String, on context: OpaquePointer) -> ResolvedLayout.Entry {
        let width = points(template.pageWidth), height = points(template.pageHeight)
        let diagonal = (width * width + height * height).squareRoot()
        let probe = typesetter.layout(watermark, font: Self.watermarkFont, size: 100, width: nil)
        let size = 100 * diagonal * 0.6 / max(probe.size.width, 1)
        let mark = typesetter.layout(watermark, font: Self.watermarkFont, size: size, width: nil)
        cairo_save(context)
        cairo_translate(context, width / 2, height / 2)
        cairo_rotate(context, -atan2(height, width))
        cairo_set_source_rgba(context, 0.75, 0.1, 0.1, 0.16)
        mark.draw(on: context, x: -mark.size.width / 2, y: -mark.size.height / 2)
        cairo_restore(context)
        var entry = Self.entry("watermark", "sample-watermark", template.page)
        entry.fontSize = size
        entry.lines = 1
        return entry
    }

    static func entry(_ kind: String, _ name: String, _ box: Box, drawn: Box? = nil) -> ResolvedLayout.Entry {
        ResolvedLayout.Entry(
            kind: kind, name: name, box: box, drawn: drawn ?? box, fontSize: nil, lines: nil, unknownGlyphs: 0, structure: nil, text: nil)
    }
}

/// PDF points to millimetres.
@inline(__always) func millimetres(_ points: Double) -> Double { points * 25.4 / 72 }
