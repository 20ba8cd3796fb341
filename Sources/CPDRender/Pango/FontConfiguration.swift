import CPangoCairo

/// fontconfig configurations for drawing a certificate again from its archived font files.
///
/// A configuration that holds only the files a certificate used, in the order the system's
/// listed them, makes fontconfig choose the same font for every character: each was the first
/// font in its sorted list with a glyph, and a font sorts by the request and its own properties,
/// ties broken by that order. The system's configuration rules are left out (they change with
/// the system), except the synthetic oblique and bold, which change the glyphs drawn and which
/// Debian's and upstream's default configuration apply (90-synthetic.conf, restated here).
enum FontConfiguration {
    /// A new configuration with `files` alone, in order.
    /// - Throws: `RenderError.badFont` when fontconfig cannot read one.
    static func only(_ files: [String]) throws(RenderError) -> OpaquePointer {
        guard let config = FcConfigCreate() else { throw RenderError.badFont(file: "", reason: "fontconfig is out of memory") }
        guard fcString(syntheticRules, { FcConfigParseAndLoadFromMemory(config, $0, 1) }) != 0 else {
            FcConfigDestroy(config)
            throw RenderError.badFont(file: "", reason: "fontconfig refused cpdcert's rules")
        }
        for file in files where fcString(file, { FcConfigAppFontAddFile(config, $0) }) == 0 {
            FcConfigDestroy(config)
            throw RenderError.badFont(file: file, reason: "fontconfig cannot read it as a font")
        }
        return config
    }

    /// Calls `body` with `text` as fontconfig's unsigned characters.
    private static func fcString<Result>(_ text: String, _ body: (UnsafePointer<FcChar8>) -> Result) -> Result {
        text.withCString { $0.withMemoryRebound(to: FcChar8.self, capacity: text.utf8.count + 1, body) }
    }

    /// Each font file of `config` (system fonts, then application fonts) and its first place.
    static func order(_ config: OpaquePointer?) -> [String: Int] {
        var order: [String: Int] = [:]
        for kind in [FcSetSystem, FcSetApplication] {
            guard let set = FcConfigGetFonts(config, kind) else { continue }
            for index in 0..<Int(set.pointee.nfont) {
                var file: UnsafeMutablePointer<FcChar8>?
                guard let pattern = set.pointee.fonts[index], FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch,
                    let file
                else { continue }
                let path = String(cString: file)
                if order[path] == nil { order[path] = order.count }
            }
        }
        return order
    }

    /// Synthetic oblique for a roman font asked for italic, and synthetic bold for a light or
    /// regular font asked for bold, as fontconfig's 90-synthetic.conf does.
    static let syntheticRules = """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
        <fontconfig>
          <match target="font">
            <test name="slant"><const>roman</const></test>
            <test target="pattern" name="slant" compare="not_eq"><const>roman</const></test>
            <edit name="matrix" mode="assign">
              <times><name>matrix</name><matrix><double>1</double><double>0.2</double><double>0</double><double>1</double></matrix></times>
            </edit>
            <edit name="slant" mode="assign"><const>oblique</const></edit>
            <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
          </match>
          <match target="font">
            <test name="weight" compare="less_eq"><const>medium</const></test>
            <test target="pattern" name="weight" compare="more_eq"><const>bold</const></test>
            <edit name="embolden" mode="assign"><bool>true</bool></edit>
            <edit name="weight" mode="assign"><const>bold</const></edit>
          </match>
        </fontconfig>
        """
}
