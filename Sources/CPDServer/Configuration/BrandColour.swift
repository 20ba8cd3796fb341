import Foundation

/// The organiser's colour, with the text colours that stay readable on and beside it
/// (WCAG 2 contrast of at least 4.5:1).
public struct BrandColour: Sendable, Equatable, CustomStringConvertible {
    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    /// The default: a dark navy.
    public static let `default` = BrandColour(red: 0x1F, green: 0x3A, blue: 0x5F)

    /// Creates a colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` or `#rgb` (the `#` is optional).
    public init(parsing text: String) throws(BrandColourError) {
        var digits = Substring(text.trimmingWhitespace())
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        if digits.count == 3 { digits = Substring(digits.flatMap { [$0, $0] }) }
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else {
            throw BrandColourError(text: text)
        }
        self.init(red: UInt8(value >> 16), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// `#rrggbb`, lower case: safe to put in CSS as it is.
    public var description: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Text on a background of this colour: white where it reads well, else near-black.
    var textOnColour: String {
        Self.contrast(luminance, Self.white) >= 4.5 ? "#ffffff" : "#111827"
    }

    /// Headings on the white page: this colour where it reads well, else the body text colour.
    var headingOnWhite: String {
        Self.contrast(luminance, Self.white) >= 4.5 ? description : "#1f2937"
    }

    private static let white = 1.0

    /// WCAG 2 relative luminance.
    var luminance: Double {
        func linear(_ component: UInt8) -> Double {
            let value = Double(component) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    static func contrast(_ first: Double, _ second: Double) -> Double {
        (max(first, second) + 0.05) / (min(first, second) + 0.05)
    }
}

/// A colour that is not `#rrggbb`.
public struct BrandColourError: Error, Sendable, CustomStringConvertible {
    public let text: String

    public var description: String {
        "'\(text)' is not a colour; give it as #rrggbb, e.g. #1f3a5f"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return slice
    }
}
