/// A rectangle in millimetres from the page's top-left corner.
public struct Box: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    /// Creates a box from its top-left corner.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Creates a box whose reference point `anchor` lies at (`x`, `y`).
    public init(x: Double, y: Double, width: Double, height: Double, anchor: Anchor) {
        self.init(x: x - anchor.horizontal * width, y: y - anchor.vertical * height, width: width, height: height)
    }

    /// True when the box lies inside `other` (0.01 mm tolerance).
    public func isInside(_ other: Box) -> Bool {
        let tolerance = 0.01
        return x >= other.x - tolerance && y >= other.y - tolerance && x + width <= other.x + other.width + tolerance
            && y + height <= other.y + other.height + tolerance
    }
}

/// The point of a box that its `x` and `y` place: `top-left` (the default), `center`, `bottom-right` ...
public enum Anchor: String, Hashable, Sendable, CaseIterable {
    case topLeft = "top-left", top, topRight = "top-right"
    case left, center, right
    case bottomLeft = "bottom-left", bottom, bottomRight = "bottom-right"

    /// 0 for the left edge, 0.5 for the middle, 1 for the right edge.
    var horizontal: Double {
        switch self {
        case .topLeft, .left, .bottomLeft: 0
        case .top, .center, .bottom: 0.5
        case .topRight, .right, .bottomRight: 1
        }
    }

    /// 0 for the top edge, 0.5 for the middle, 1 for the bottom edge.
    var vertical: Double {
        switch self {
        case .topLeft, .top, .topRight: 0
        case .left, .center, .right: 0.5
        case .bottomLeft, .bottom, .bottomRight: 1
        }
    }
}

/// Space kept clear at each edge of the page, in millimetres. Text, lists, images and QR codes
/// stay inside the margins; lines, rectangles and the background may reach the page's edge.
public struct Margins: Hashable, Sendable {
    public var top: Double
    public var right: Double
    public var bottom: Double
    public var left: Double

    /// Creates margins.
    public init(top: Double, right: Double, bottom: Double, left: Double) {
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left
    }

    /// The same margin on every side.
    public init(all: Double) {
        self.init(top: all, right: all, bottom: all, left: all)
    }

    /// 10 mm: clear of what most desktop printers cannot print.
    public static let standard = Margins(all: 10)
}

/// An sRGB colour with alpha, each channel 0...1.
public struct Colour: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    /// Creates a colour.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa`.
    public init?(hex: String) {
        var digits = Substring(hex)
        guard digits.first == "#" else { return nil }
        digits.removeFirst()
        if digits.count == 3 { digits = Substring(digits.flatMap { [$0, $0] }) }
        guard digits.count == 6 || digits.count == 8, let value = UInt32(digits, radix: 16) else { return nil }
        let hasAlpha = digits.count == 8
        let rgb = hasAlpha ? value >> 8 : value
        self.red = Double((rgb >> 16) & 0xFF) / 255
        self.green = Double((rgb >> 8) & 0xFF) / 255
        self.blue = Double(rgb & 0xFF) / 255
        self.alpha = hasAlpha ? Double(value & 0xFF) / 255 : 1
    }

    public static let black = Colour(red: 0, green: 0, blue: 0)
}

/// Horizontal alignment of text (or an image) in its box. In right-to-left text, `left` and
/// `right` mean the start and end of the line, as Pango reads them.
public enum TextAlignment: String, Hashable, Sendable, CaseIterable {
    case left, center, right

    /// 0 for left, 0.5 for center, 1 for right: how much of the spare width goes before.
    public var fraction: Double {
        switch self {
        case .left: 0
        case .center: 0.5
        case .right: 1
        }
    }
}

/// Vertical alignment of text (or an image) in its box.
public enum VerticalAlignment: String, Hashable, Sendable, CaseIterable {
    case top, middle, bottom

    /// 0 for top, 0.5 for middle, 1 for bottom: how much of the spare height goes above.
    public var fraction: Double {
        switch self {
        case .top: 0
        case .middle: 0.5
        case .bottom: 1
        }
    }
}
