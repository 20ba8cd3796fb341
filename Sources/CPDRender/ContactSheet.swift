import CCairo
public import CPDCore
public import Foundation

/// One PNG showing several templates side by side, each drawn with the same content and
/// labelled with its name and description, so an organiser can compare designs at a glance.
///
/// ```swift
/// let png = try ContactSheet.png([(renderer, content), ...], dotsPerInch: 60, watermark: "SAMPLE")
/// ```
public enum ContactSheet {
    /// Renders each (renderer, content) pair into a grid, at most `columns` to a row.
    public static func png(
        _ pages: [(renderer: CairoCertificateRenderer, content: CertificateContent)], dotsPerInch: Double = 60, columns: Int = 3,
        watermark: String? = nil
    ) throws(RenderError) -> Data {
        try FontLock.run { () throws(RenderError) in try draw(pages, dotsPerInch: dotsPerInch, columns: columns, watermark: watermark) }
    }

    private static func draw(
        _ pages: [(renderer: CairoCertificateRenderer, content: CertificateContent)], dotsPerInch: Double, columns: Int, watermark: String?
    ) throws(RenderError) -> Data {
        guard !pages.isEmpty else { throw RenderError.cairo("no templates to put on the contact sheet") }
        let scale = dotsPerInch / 72
        let padding = 36.0, labelHeight = 44.0
        let cellWidth = pages.map { points($0.renderer.template.pageWidth) * scale }.max()!
        let cellHeight = pages.map { points($0.renderer.template.pageHeight) * scale }.max()!
        let columns = max(1, min(columns, pages.count))
        let rows = (pages.count + columns - 1) / columns
        let width = padding + Double(columns) * (cellWidth + padding)
        let height = padding + Double(rows) * (cellHeight + labelHeight + padding)
        let surface = try ImageSurface(width: Int(width.rounded()), height: Int(height.rounded()), background: (0.91, 0.93, 0.95))
        let context = surface.context
        let labels = try PangoTypesetter()
        for (index, page) in pages.enumerated() {
            let template = page.renderer.template
            let pageWidth = points(template.pageWidth) * scale, pageHeight = points(template.pageHeight) * scale
            let cellX = padding + Double(index % columns) * (cellWidth + padding)
            let cellY = padding + Double(index / columns) * (cellHeight + labelHeight + padding)
            let x = cellX + (cellWidth - pageWidth) / 2
            let y = cellY + (cellHeight - pageHeight)
            // A soft shadow, then the white page.
            cairo_set_source_rgba(context, 0.1, 0.15, 0.25, 0.18)
            cairo_rectangle(context, x + 3, y + 4, pageWidth, pageHeight)
            cairo_fill(context)
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_rectangle(context, x, y, pageWidth, pageHeight)
            cairo_fill(context)

            cairo_save(context)
            cairo_translate(context, x, y)
            cairo_scale(context, scale, scale)
            cairo_rectangle(context, 0, 0, points(template.pageWidth), points(template.pageHeight))
            cairo_clip(context)
            _ = try page.renderer.draw(
                page.content, on: context, watermark: watermark, tags: StructureTags(context: context, enabled: false))
            cairo_restore(context)

            labels.attach(to: context)
            let title = labels.layout(
                template.name, font: FontSpec(families: "Noto Sans", size: 15, weight: 700), size: 15, width: cellWidth, alignment: .center)
            cairo_set_source_rgb(context, 0.12, 0.18, 0.28)
            title.draw(on: context, x: cellX, y: cellY + cellHeight + 8)
            let summary = labels.layout(
                template.summary, font: FontSpec(families: "Noto Sans", size: 11), size: 11, width: cellWidth, alignment: .center)
            cairo_set_source_rgb(context, 0.3, 0.35, 0.42)
            summary.draw(on: context, x: cellX, y: cellY + cellHeight + 8 + title.size.height)
            try CairoDrawing.checkStatus(context)
        }
        return try surface.png()
    }
}
