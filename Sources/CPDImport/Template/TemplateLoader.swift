public import CPDCore
public import Foundation

/// Reads a certificate template (`Templates/<name>.yaml`): page, margins, background, locale,
/// named font stacks and elements. See docs/templates.md for every key.
///
/// ```yaml
/// page: { size: A4, orientation: landscape }
/// margins: 12
/// background: frame.pdf
/// locale: cy
/// fonts: { serif: "Noto Serif, Noto Sans CJK SC" }
/// elements:
///   - text: "{{attendee.name}}"
///     name: attendee-name
///     box: { x: 148.5, y: 80, width: 257, height: 18, anchor: top }
///     font: { family: serif, size: 34, minimum_size: 16, weight: bold }
///     align: center
/// ```
public enum TemplateLoader {
    static let pageSizes: [String: (Double, Double)] = [
        "A4": (210, 297), "A5": (148, 210), "A3": (297, 420), "LETTER": (215.9, 279.4),
    ]

    /// Parses and validates a template; `name` is the template's name, `fileName` is used in errors.
    public static func load(_ data: Data, name: String, fileName: String) throws(ConfigurationErrors) -> CertificateTemplate {
        do {
            guard let text = TextDecoding.decode(data) else {
                throw ConfigurationError(file: fileName, line: nil, path: "", message: "is not UTF-8 text")
            }
            let root = try YAMLValue.document(text, file: fileName)
            try root.rejectUnknownKeys(["page", "margins", "background", "locale", "fonts", "title", "subject", "elements", "description"])
            let (width, height) = try page(try root.required("page", hint: "give size (A4, A5, A3, Letter) and orientation"))

            var stacks: [String: String] = [:]
            if let fonts = try root.optional("fonts") {
                for key in fonts.keys {
                    stacks[key] = try fonts.required(key, hint: "").string()
                }
            }
            let subject = try root.optional("subject")?.string() ?? "Certificate of attendance: {{event.title}}"
            let title = try root.optional("title")?.string() ?? "Certificate of Attendance: {{event.title}}"
            _ = try parse(subject, at: root)
            _ = try parse(title, at: root)

            var elements: [TemplateElement] = []
            for item in try root.required("elements", hint: "list the elements to draw").items() {
                elements.append(try element(item, stacks: stacks))
            }
            let template = CertificateTemplate(
                name: name, pageWidth: width, pageHeight: height, elements: elements, subject: subject, title: title,
                margins: try root.optional("margins").map { value throws(ConfigurationError) in try margins(value) } ?? .standard,
                background: try root.optional("background").map { value throws(ConfigurationError) in try assetName(value) },
                locale: try root.optional("locale")?.string() ?? CertificateComposer.baseLocale,
                summary: try root.optional("description")?.string() ?? "")
            let problems = template.validationProblems()
            guard problems.isEmpty else {
                throw ConfigurationErrors(problems.map { ConfigurationError(file: fileName, line: nil, path: "", message: $0) })
            }
            return template
        } catch let error as ConfigurationError {
            throw ConfigurationErrors([error])
        } catch let errors as ConfigurationErrors {
            throw errors
        } catch {
            throw ConfigurationErrors([ConfigurationError(file: fileName, line: nil, path: "", message: "\(error)")])
        }
    }

    private static func page(_ value: YAMLValue) throws(ConfigurationError) -> (Double, Double) {
        try value.rejectUnknownKeys(["size", "orientation", "width", "height"])
        var width: Double
        var height: Double
        if let size = try value.optional("size") {
            guard let dimensions = pageSizes[try size.string().uppercased()] else {
                throw size.error("must be one of A3, A4, A5, Letter (or give width and height in mm)")
            }
            (width, height) = dimensions
        } else {
            width = try value.required("width", hint: "give size, or width and height in mm").double(in: 50...2000)
            height = try value.required("height", hint: "give size, or width and height in mm").double(in: 50...2000)
        }
        if let orientation = try value.optional("orientation") {
            switch try orientation.string().lowercased() {
            case "landscape": (width, height) = (max(width, height), min(width, height))
            case "portrait": (width, height) = (min(width, height), max(width, height))
            default: throw orientation.error("must be portrait or landscape")
            }
        }
        return (width, height)
    }

    private static func element(_ item: YAMLValue, stacks: [String: String]) throws(ConfigurationError) -> TemplateElement {
        let kinds = ["text", "list", "image", "qr", "line", "rectangle"]
        let present = item.keys.filter { kinds.contains($0) }
        guard present.count == 1, let kind = present.first else {
            throw item.error("must have exactly one of the keys \(kinds.joined(separator: ", ")) saying what to draw")
        }
        let name = try item.optional("name")?.string() ?? item.path
        let common = ["name", "alt"]
        let placed = ["box", "align", "valign"]
        switch kind {
        case "text":
            try item.rejectUnknownKeys(
                common + placed + ["text", "font", "colour", "color", "max_lines", "line_spacing", "link", "role", "lang"])
            return .text(
                TextElement(
                    name: name, text: try parse(try item.required("text", hint: "").string(), at: item),
                    box: try box(try item.required("box", hint: "give x, y, width and height in mm")),
                    font: try font(try item.required("font", hint: "give family and size"), stacks: stacks),
                    colour: try colour(item),
                    alignment: try item.choice("align", default: TextAlignment.left, aliases: ["centre": .center]),
                    verticalAlignment: try item.choice(
                        "valign", default: VerticalAlignment.middle, aliases: ["centre": .middle, "center": .middle]),
                    maximumLines: try item.optional("max_lines")?.int(in: 1...50) ?? 1,
                    lineSpacing: try item.optional("line_spacing")?.double(in: 0.5...3) ?? 1,
                    link: try item.optional("link").map { link throws(ConfigurationError) in try address(link) },
                    role: try item.choice("role", default: TextRole.paragraph),
                    language: try item.optional("lang")?.string()))
        case "list":
            try item.rejectUnknownKeys(
                common + ["list", "box", "font", "colour", "color", "bullet", "item_spacing", "columns", "line_spacing"])
            return .list(
                ListElement(
                    name: name, items: try item.required("list", hint: "").string(),
                    box: try box(try item.required("box", hint: "give x, y, width and height in mm")),
                    font: try font(try item.required("font", hint: "give family and size"), stacks: stacks),
                    colour: try colour(item),
                    bullet: try item.optional("bullet")?.string() ?? "•",
                    itemSpacing: try item.optional("item_spacing")?.double(in: 0...3) ?? 0.3,
                    columns: try item.optional("columns")?.int(in: 1...4) ?? 1,
                    lineSpacing: try item.optional("line_spacing")?.double(in: 0.5...3) ?? 1))
        case "image":
            try item.rejectUnknownKeys(common + placed + ["image"])
            guard let alt = try item.optional("alt")?.string() else {
                throw item.error("needs 'alt': a short description read out by screen readers")
            }
            return .image(
                ImageElement(
                    name: name, asset: try assetName(try item.required("image", hint: "")),
                    box: try box(try item.required("box", hint: "give x, y, width and height in mm")),
                    alternativeText: alt,
                    alignment: try item.choice("align", default: TextAlignment.center, aliases: ["centre": .center]),
                    verticalAlignment: try item.choice(
                        "valign", default: VerticalAlignment.middle, aliases: ["centre": .middle, "center": .middle])))
        case "qr":
            try item.rejectUnknownKeys(common + ["qr", "x", "y", "size", "anchor", "error_correction", "quiet_zone", "colour", "color"])
            let size = try item.required("size", hint: "give the side in mm").double(in: 10...200)
            let square = Box(
                x: try item.required("x", hint: "give x in mm").double(in: -1000...1000),
                y: try item.required("y", hint: "give y in mm").double(in: -1000...1000),
                width: size, height: size, anchor: try item.choice("anchor", default: Anchor.topLeft))
            return .qrCode(
                QRCodeElement(
                    name: name, payload: try address(try item.required("qr", hint: "give the address the code links to")),
                    x: square.x, y: square.y, size: size,
                    errorCorrection: try item.choice("error_correction", default: QRErrorCorrection.medium, uppercase: true),
                    quietZone: try item.optional("quiet_zone")?.int(in: 0...8) ?? 4,
                    colour: try colour(item),
                    alternativeText: try item.optional("alt").map { alt throws(ConfigurationError) in try parse(try alt.string(), at: alt) }
                        ?? QRCodeElement.defaultAlternativeText))
        case "line":
            try item.rejectUnknownKeys(common + ["line", "from", "to", "width", "colour", "color"])
            let from = try point(try item.required("from", hint: "give x and y in mm"))
            let to = try point(try item.required("to", hint: "give x and y in mm"))
            return .line(
                LineElement(
                    name: try item.required("line", hint: "").string(), x1: from.0, y1: from.1, x2: to.0, y2: to.1,
                    width: try item.optional("width")?.double(in: 0.1...20) ?? 0.75,
                    colour: try colour(item)))
        default:
            try item.rejectUnknownKeys(common + ["rectangle", "box", "stroke", "stroke_width", "fill", "corner_radius"])
            return .rectangle(
                RectangleElement(
                    name: try item.required("rectangle", hint: "").string(),
                    box: try box(try item.required("box", hint: "give x, y, width and height in mm")),
                    strokeWidth: try item.optional("stroke_width")?.double(in: 0...20) ?? 1,
                    strokeColour: try item.optional("stroke").map { value throws(ConfigurationError) in try parseColour(value) },
                    fillColour: try item.optional("fill").map { value throws(ConfigurationError) in try parseColour(value) },
                    cornerRadius: try item.optional("corner_radius")?.double(in: 0...100) ?? 0))
        }
    }
}
