public import CPDCore

/// The small values a template is made of: boxes, points, fonts, colours, margins, asset names.
extension TemplateLoader {
    /// File types an image or background may be.
    static let assetExtensions = [".svg", ".png", ".pdf"]

    static func parse(_ text: String, at value: YAMLValue) throws(ConfigurationError) -> TemplateText {
        do {
            return try TemplateText(parsing: text)
        } catch {
            throw value.error("has \(error.description)")
        }
    }

    /// Placeholders that hold a checked address, as the samples that stand for them when a link is checked.
    static let addressPlaceholders = [
        "organiser.url": "https://organiser.example.org/", "certificate.url": "https://verify.example.org/c/ID",
    ]

    /// A link or a QR code's payload: `{{certificate.url}}`, `{{organiser.url}}`, or an `https:`
    /// address (placeholders in it stand for text), so no template can link to `javascript:`.
    static func address(_ value: YAMLValue) throws(ConfigurationError) -> TemplateText {
        let source = try value.string()
        let text = try parse(source, at: value)
        if case .invalid = sampleAddressCheck(text) {
            throw value.error(
                "must be an https: URL, {{certificate.url}} or {{organiser.url}}, found '\(VisibleText.escaped(source))'")
        }
        return text
    }

    /// How the address `text` checks with sample values in its placeholders (empty text for
    /// those that are not addresses).
    static func sampleAddressCheck(_ text: TemplateText) -> WebAddress.Check {
        let values = text.placeholders.reduce(into: addressPlaceholders) { values, name in
            if values[name] == nil { values[name] = "" }
        }
        return WebAddress.check(text.resolve(values))
    }

    /// A warning for each link or QR code of `template` whose address is `http:`, to print once.
    public static func warnings(_ template: CertificateTemplate) -> [String] {
        template.elements.compactMap { element in
            let address: TemplateText?
            switch element {
            case .text(let text): address = text.link
            case .qrCode(let qr): address = qr.payload
            default: address = nil
            }
            guard let address, sampleAddressCheck(address) == .insecure else { return nil }
            return "template '\(template.name)': element '\(element.name)' links to an http: address; use https:"
        }
    }

    static func box(_ value: YAMLValue) throws(ConfigurationError) -> Box {
        try value.rejectUnknownKeys(["x", "y", "width", "height", "anchor"])
        return Box(
            x: try value.required("x", hint: "in mm from the left edge").double(in: -1000...1000),
            y: try value.required("y", hint: "in mm from the top edge").double(in: -1000...1000),
            width: try value.required("width", hint: "in mm").double(in: 0...2000),
            height: try value.required("height", hint: "in mm").double(in: 0...2000),
            anchor: try value.choice("anchor", default: Anchor.topLeft))
    }

    static func point(_ value: YAMLValue) throws(ConfigurationError) -> (Double, Double) {
        try value.rejectUnknownKeys(["x", "y"])
        return (
            try value.required("x", hint: "in mm").double(in: -1000...1000),
            try value.required("y", hint: "in mm").double(in: -1000...1000)
        )
    }

    /// `margins: 12` (every side) or `margins: { top: 12, right: 15, bottom: 12, left: 15 }`.
    static func margins(_ value: YAMLValue) throws(ConfigurationError) -> Margins {
        if value.keys.isEmpty { return Margins(all: try value.double(in: 0...200)) }
        try value.rejectUnknownKeys(["top", "right", "bottom", "left"])
        func side(_ key: String) throws(ConfigurationError) -> Double {
            try value.optional(key)?.double(in: 0...200) ?? Margins.standard.top
        }
        return Margins(top: try side("top"), right: try side("right"), bottom: try side("bottom"), left: try side("left"))
    }

    static func font(_ value: YAMLValue, stacks: [String: String]) throws(ConfigurationError) -> FontSpec {
        try value.rejectUnknownKeys(["family", "size", "minimum_size", "weight", "italic", "letter_spacing"])
        let family = try value.required("family", hint: "a font family list or a name from 'fonts'").string()
        let size = try value.required("size", hint: "in points").double(in: 4...200)
        let weightValue = try value.optional("weight")
        var weight = 400
        if let weightValue {
            let named = [
                "thin": 100, "light": 300, "regular": 400, "normal": 400, "medium": 500, "semibold": 600, "bold": 700, "black": 900,
            ]
            let text = try weightValue.string().lowercased()
            guard let parsed = named[text] ?? Int(text), (100...900).contains(parsed) else {
                throw weightValue.error("must be regular, medium, semibold, bold ... or a number from 100 to 900")
            }
            weight = parsed
        }
        return FontSpec(
            families: stacks[family] ?? family, size: size,
            minimumSize: try value.optional("minimum_size")?.double(in: 4...200),
            weight: weight, italic: try value.optional("italic")?.bool() ?? false,
            letterSpacing: try value.optional("letter_spacing")?.double(in: -5...50) ?? 0)
    }

    static func colour(_ item: YAMLValue) throws(ConfigurationError) -> Colour {
        var value = try item.optional("colour")
        if value == nil { value = try item.optional("color") }
        guard let value else { return .black }
        return try parseColour(value)
    }

    static func parseColour(_ value: YAMLValue) throws(ConfigurationError) -> Colour {
        let text = try value.string()
        guard let colour = Colour(hex: text) else {
            throw value.error("must be a colour like #1f3a5f, found '\(text)'")
        }
        return colour
    }

    /// An asset file name: a plain relative path that cannot leave the assets folder.
    static func assetName(_ value: YAMLValue) throws(ConfigurationError) -> String {
        let name = try value.string()
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
            !name.contains("\\")
        else {
            throw value.error("must be a file name inside the assets folder, like logo.svg; '\(name)' would leave it")
        }
        guard assetExtensions.contains(where: { name.lowercased().hasSuffix($0) }) else {
            throw value.error("must be an .svg, .png or .pdf file, found '\(name)'")
        }
        return name
    }
}

extension YAMLValue {
    /// One of an enumeration's raw values under `key` (or an alias), `fallback` when absent.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, default fallback: Choice, aliases: [String: Choice] = [:], uppercase: Bool = false
    ) throws(ConfigurationError) -> Choice where Choice.RawValue == String {
        guard let value = try optional(key) else { return fallback }
        let text = try value.string()
        let normalised = uppercase ? text.uppercased() : text.lowercased()
        guard let choice = Choice(rawValue: normalised) ?? aliases[normalised] else {
            let names = Choice.allCases.map(\.rawValue)
            throw value.error("must be \(names.dropLast().joined(separator: ", ")) or \(names.last ?? ""), found '\(text)'")
        }
        return choice
    }
}
