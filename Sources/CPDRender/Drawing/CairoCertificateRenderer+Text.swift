import CCairo
import CPDCore

/// Text and lists: shrink-to-fit, wrapping, the glyph check, structure tags.
extension CairoCertificateRenderer {
    /// Fits `element`'s text into its box (the largest size that fits in at most max_lines),
    /// checks every glyph exists, and draws it placed by the element's alignments.
    func drawText(_ element: TextElement, values: [String: String], on context: OpaquePointer, tags: StructureTags) throws(RenderError)
        -> ResolvedLayout.Entry
    {
        let text = element.text.resolve(values)
        let drawn = element.text.resolveIsolated(values)
        let width = points(element.box.width), height = points(element.box.height)
        let language = element.language ?? template.locale
        let (layout, size) = try fit(element.name, font: element.font) { size in
            let layout = typesetter.layout(
                drawn, font: element.font, size: size, width: width, alignment: element.alignment, lineSpacing: element.lineSpacing,
                language: language)
            let fits = layout.lineCount <= element.maximumLines && layout.size.height <= height + 0.01
            return ((layout, size), fits)
        }
        try checkGlyphs(layout, text: text, element: element.name, font: element.font)
        let extent = layout.logicalExtent
        let top = points(element.box.y) + (height - extent.height) * element.verticalAlignment.fraction
        let structure = element.role.structureType
        try tags.within(structure, language: element.language) { () throws(RenderError) in
            try tags.link(to: element.link?.resolve(values)) { () throws(RenderError) in
                CairoDrawing.setColour(context, element.colour)
                layout.draw(on: context, x: points(element.box.x), y: top)
            }
        }
        var entry = Self.entry(
            "text", element.name, element.box,
            drawn: Box(
                x: element.box.x + millimetres(extent.x), y: millimetres(top + extent.y), width: millimetres(extent.width),
                height: millimetres(extent.height)))
        entry.fontSize = size
        entry.lines = layout.lineCount
        entry.unknownGlyphs = layout.unknownGlyphs
        entry.structure = structure
        entry.text = text
        return entry
    }

    /// Lays the items out in columns with a hanging bullet, all at one size that fits the box,
    /// tagged as a list (L, LI, Lbl, LBody).
    func drawList(_ element: ListElement, items: [String], on context: OpaquePointer, tags: StructureTags) throws(RenderError)
        -> ResolvedLayout.Entry?
    {
        guard !items.isEmpty else { return nil }
        let gap = points(4)
        let columnWidth = (points(element.box.width) - gap * Double(element.columns - 1)) / Double(element.columns)
        let perColumn = (items.count + element.columns - 1) / element.columns
        let language = template.locale
        typealias Placed = (bullet: TextLayout, item: TextLayout, x: Double, y: Double, indent: Double)
        let (placed, size) = try fit(element.name, font: element.font) { size in
            let bullet = typesetter.layout(element.bullet, font: element.font, size: size, width: nil, language: language)
            let indent = bullet.size.width + size * 0.5
            let spacing = bullet.size.height * element.itemSpacing
            var result: [Placed] = []
            var tallest = 0.0
            for (index, item) in items.enumerated() {
                let column = index / perColumn
                let first = index % perColumn == 0
                let y = first ? 0 : result[result.count - 1].y + result[result.count - 1].item.size.height + spacing
                let layout = typesetter.layout(
                    item, font: element.font, size: size, width: columnWidth - indent, lineSpacing: element.lineSpacing, language: language)
                result.append((bullet, layout, Double(column) * (columnWidth + gap), y, indent))
                tallest = max(tallest, y + layout.size.height)
            }
            return ((result, size), tallest <= points(element.box.height) + 0.01)
        }
        var right = 0.0, bottom = 0.0, lines = 0, unknown = 0
        try tags.within("L") { () throws(RenderError) in
            CairoDrawing.setColour(context, element.colour)
            for (index, entry) in placed.enumerated() {
                try checkGlyphs(entry.item, text: items[index], element: element.name, font: element.font)
                let x = points(element.box.x) + entry.x
                let y = points(element.box.y) + entry.y
                try tags.within("LI") { () throws(RenderError) in
                    try tags.within("Lbl") { () throws(RenderError) in entry.bullet.draw(on: context, x: x, y: y) }
                    try tags.within("LBody") { () throws(RenderError) in entry.item.draw(on: context, x: x + entry.indent, y: y) }
                }
                right = max(right, entry.x + entry.indent + entry.item.size.width)
                bottom = max(bottom, entry.y + entry.item.size.height)
                lines += entry.item.lineCount
                unknown += entry.item.unknownGlyphs
            }
        }
        var entry = Self.entry(
            "list", element.name, element.box,
            drawn: Box(x: element.box.x, y: element.box.y, width: millimetres(right), height: millimetres(bottom)))
        entry.fontSize = size
        entry.lines = lines
        entry.unknownGlyphs = unknown
        entry.structure = "L"
        entry.text = items.joined(separator: " | ")
        return entry
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
            let single = typesetter.layout(String(character), font: font, size: font.size, width: nil)
            if single.unknownGlyphs > 0 {
                missing.append(
                    contentsOf: character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) })
            }
        }
        throw RenderError.missingGlyphs(element: element, codePoints: missing.sorted(), fonts: font.families)
    }
}

extension TextRole {
    /// The standard PDF structure type: H1, H2 or P.
    var structureType: String {
        switch self {
        case .heading: "H1"
        case .subheading: "H2"
        case .paragraph: "P"
        }
    }
}
