public import CPDCore

/// Where every element of one certificate ended up: its box, what was drawn inside it (in
/// millimetres), the font size after fitting and the line count. Golden tests compare its
/// text form with committed files, so a layout regression shows without comparing pixels.
public struct ResolvedLayout: Sendable, CustomStringConvertible {
    /// One drawn element.
    public struct Entry: Sendable, Equatable {
        /// text, list, image, qr, line, rectangle, background or watermark.
        public var kind: String
        public var name: String
        /// The template's box for the element.
        public var box: Box
        /// What was drawn: text's logical extent, an image's fitted box, the QR code's modules.
        public var drawn: Box
        /// Font size in points after shrink-to-fit.
        public var fontSize: Double?
        /// Lines of text (for a list, all items together).
        public var lines: Int?
        /// Glyphs no font could supply; a certificate is only written when every entry has 0.
        public var unknownGlyphs: Int
        /// The tagged-PDF structure type the element was read out as, if any.
        public var structure: String?
        /// The text drawn, resolved (items joined with " | " for a list).
        public var text: String?
    }

    /// The template's name.
    public var template: String
    public var pageWidth: Double
    public var pageHeight: Double
    /// Entries in drawing order.
    public var entries: [Entry] = []

    /// The entry for element `name`.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// One line per element, numbers rounded to 0.1 mm and 0.01 pt.
    public var description: String {
        var lines = ["template \(template): page \(Self.number(pageWidth)) × \(Self.number(pageHeight)) mm"]
        for entry in entries {
            var line =
                "\(entry.kind.padded(to: 10)) \(entry.name.padded(to: 24)) box \(Self.box(entry.box)) | drawn \(Self.box(entry.drawn))"
            if let size = entry.fontSize {
                let count = entry.lines ?? 0
                line += " | \(Self.number(size, decimals: 2)) pt, \(count) line\(count == 1 ? "" : "s")"
            }
            if entry.unknownGlyphs > 0 { line += " | \(entry.unknownGlyphs) unknown glyphs" }
            if let structure = entry.structure { line += " | \(structure)" }
            if let text = entry.text { line += " | \"\(text)\"" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func box(_ box: Box) -> String {
        [box.x, box.y, box.width, box.height].map { number($0).padded(to: 6, left: true) }.joined(separator: " ")
    }

    static func number(_ value: Double, decimals: Int = 1) -> String {
        let scale = decimals == 2 ? 100.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        let text = String(rounded == 0 ? 0 : rounded)  // no "-0.0"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return "\(parts[0]).\(fraction.prefix(decimals))\(String(repeating: "0", count: max(0, decimals - fraction.count)))"
    }
}

extension String {
    fileprivate func padded(to width: Int, left: Bool = false) -> String {
        guard count < width else { return self }
        let padding = String(repeating: " ", count: width - count)
        return left ? padding + self : self + padding
    }
}
