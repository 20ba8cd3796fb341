import CCairo
import CPDCore
import CPangoCairo

/// One thread's Pango state: its own font map and context. Pango font maps must not be shared
/// between threads (doing so crashes), so every renderer makes its own typesetter; what cairo
/// shares underneath is guarded by `FontLock`.
final class PangoTypesetter {
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    /// Families asked about, lower-cased, and whether each is installed.
    private var installedFamilies: [String: Bool] = [:]
    /// Font file → its place in the font map's configuration (see `fontFiles(of:)`).
    private var fontOrder: [String: Int]?
    /// The font files of the layouts drawn.
    private let drawn = DrawnFonts()

    /// Uses the system's fonts, or with `fontFiles` those files alone (see `FontConfiguration`).
    init(fontFiles: [String]? = nil) throws(RenderError) {
        fontMap = pango_cairo_font_map_new()
        if let fontFiles {
            do {
                let config = try FontConfiguration.only(fontFiles)
                cpd_font_map_set_config(fontMap, config)
                FcConfigDestroy(config)
            } catch {
                g_object_unref(UnsafeMutableRawPointer(fontMap))
                throw error
            }
        }
        context = pango_font_map_create_context(fontMap)
        pango_cairo_context_set_resolution(context, 72)
        // Unrounded glyph positions: the same layout at any scale (PDF, PNG, contact sheet).
        pango_context_set_round_glyph_positions(context, 0)
        // Unhinted metrics: positions that do not depend on a device grid, as PDF wants.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        // Releasing the font map closes its fonts' FreeType faces: under the font lock.
        FontLock.run {
            g_object_unref(UnsafeMutableRawPointer(context))
            g_object_unref(UnsafeMutableRawPointer(fontMap))
        }
    }

    /// Binds the context to a cairo context's transformation before layouts are made for it.
    func attach(to cairo: OpaquePointer) {
        pango_cairo_update_context(cairo, context)
    }

    /// Whether fontconfig has a font of `family` (case ignored, as fontconfig does), or it is
    /// one of the generic names Pango resolves itself. One listing of that family's fonts, not
    /// a list of every family installed (which a start-up paid for with every font it holds).
    func isInstalled(_ family: String) -> Bool {
        let name = family.trimmingWhitespace()
        if let known = installedFamilies[name.lowercased()] { return known }
        let installed = Self.genericFamilies.contains(name.lowercased()) || Self.fontconfigLists(name, config: cpd_font_map_config(fontMap))
        installedFamilies[name.lowercased()] = installed
        return installed
    }

    /// The families Pango lists besides fontconfig's: its aliases for fontconfig's defaults.
    private static let genericFamilies: Set<String> = ["sans", "serif", "monospace", "system-ui"]

    private static func fontconfigLists(_ family: String, config: OpaquePointer?) -> Bool {
        guard let pattern = FcPatternCreate() else { return false }
        defer { FcPatternDestroy(pattern) }
        guard let objects = FcObjectSetCreate() else { return false }
        defer { FcObjectSetDestroy(objects) }
        let added = family.withCString { name in
            name.withMemoryRebound(to: FcChar8.self, capacity: family.utf8.count + 1) { FcPatternAddString(pattern, FC_FAMILY, $0) }
        }
        guard added != 0, FcObjectSetAdd(objects, FC_FAMILY) != 0, let fonts = FcFontList(config, pattern, objects) else { return false }
        defer { FcFontSetDestroy(fonts) }
        return fonts.pointee.nfont > 0
    }

    /// Forgets the fonts drawn so far (before a certificate is drawn).
    func forgetDrawnFonts() {
        drawn.files.removeAll(keepingCapacity: true)
    }

    /// The files of the fonts drawn since `forgetDrawnFonts`, in the order the configuration
    /// lists them (the order in which fontconfig breaks ties, so that a configuration holding
    /// only these files, in this order, chooses the same font for every character).
    func drawnFontFiles() -> [String] {
        if fontOrder == nil { fontOrder = FontConfiguration.order(cpd_font_map_config(fontMap)) }
        let order = fontOrder ?? [:]
        return drawn.files.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
    }

    /// A layout of `text` in `font` at `size` points, wrapped at `width` points.
    func layout(
        _ text: String, font: FontSpec, size: Double, width: Double?, alignment: TextAlignment = .left, lineSpacing: Double = 1,
        language: String? = nil
    ) -> TextLayout {
        TextLayout(
            context: context, text: text, font: font, size: size, width: width, alignment: alignment, lineSpacing: lineSpacing,
            language: language, drawn: drawn)
    }
}

/// The font files of what a typesetter's layouts drew.
final class DrawnFonts {
    var files: Set<String> = []
}

/// An owned `PangoLayout`.
final class TextLayout {
    let layout: OpaquePointer
    private let drawn: DrawnFonts

    init(
        context: OpaquePointer, text: String, font: FontSpec, size: Double, width: Double?, alignment: TextAlignment, lineSpacing: Double,
        language: String?, drawn: DrawnFonts
    ) {
        self.drawn = drawn
        layout = pango_layout_new(context)
        let description = pango_font_description_new()
        pango_font_description_set_family(description, font.families)
        pango_font_description_set_weight(description, PangoWeight(rawValue: UInt32(font.weight)))
        pango_font_description_set_style(description, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        if lineSpacing != 1 { pango_layout_set_line_spacing(layout, Float(lineSpacing)) }
        let attributes = pango_attr_list_new()
        // No optional Latin ligatures (fi, ffl ...): cairo writes each as a marked-content span with
        // ActualText, which poppler's structure reader cuts short, so "Griffiths" would not read
        // back whole. Required ligatures (Arabic lam-alef, Indic conjuncts) are other features and stay.
        pango_attr_list_insert(attributes, pango_attr_font_features_new("liga 0, clig 0"))
        if font.letterSpacing != 0 {
            let spacing = font.letterSpacing * size / font.size
            pango_attr_list_insert(attributes, pango_attr_letter_spacing_new(Int32(spacing * Double(PANGO_SCALE))))
        }
        if let language {
            pango_attr_list_insert(attributes, pango_attr_language_new(pango_language_from_string(language)))
        }
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        pango_layout_set_text(layout, text, -1)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
    }

    var lineCount: Int { Int(pango_layout_get_line_count(layout)) }

    /// Adds the file of each run's font to `files`.
    private func collectFontFiles(into files: inout Set<String>) {
        guard let iterator = pango_layout_get_iter(layout) else { return }
        defer { pango_layout_iter_free(iterator) }
        repeat {
            if let run = pango_layout_iter_get_run_readonly(iterator), let file = cpd_font_file(run.pointee.item.pointee.analysis.font) {
                files.insert(String(cString: file))
            }
        } while pango_layout_iter_next_run(iterator) != 0
    }

    /// Glyphs the fonts could not supply (drawn as boxes if shown).
    var unknownGlyphs: Int { Int(pango_layout_get_unknown_glyphs_count(layout)) }

    /// Logical width and height in points.
    var size: (width: Double, height: Double) {
        let extent = logicalExtent
        return (extent.width, extent.height)
    }

    /// The logical rectangle in points from the layout's origin: where alignment put the text.
    var logicalExtent: (x: Double, y: Double, width: Double, height: Double) {
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        return (Double(logical.x) / scale, Double(logical.y) / scale, Double(logical.width) / scale, Double(logical.height) / scale)
    }

    /// Draws the layout with its top-left corner at (x, y) points.
    func draw(on cairo: OpaquePointer, x: Double, y: Double) {
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout)
        collectFontFiles(into: &drawn.files)
    }
}
