import CCairo
import CPDCore

/// Millimetres to PDF points.
@inline(__always) func points(_ millimetres: Double) -> Double { millimetres * 72 / 25.4 }

/// Small drawing helpers over a `cairo_t`.
enum CairoDrawing {
    /// Turns a cairo status into a `RenderError` with cairo's own words.
    static func check(_ status: cairo_status_t) throws(RenderError) {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }

    static func setColour(_ context: OpaquePointer, _ colour: Colour) {
        if colour.alpha >= 1 {
            cairo_set_source_rgb(context, colour.red, colour.green, colour.blue)
        } else {
            cairo_set_source_rgba(context, colour.red, colour.green, colour.blue, colour.alpha)
        }
    }

    static func rectanglePath(_ context: OpaquePointer, _ box: Box, radius: Double) {
        let x = points(box.x), y = points(box.y), width = points(box.width), height = points(box.height)
        let r = min(points(radius), width / 2, height / 2)
        guard r > 0 else {
            cairo_rectangle(context, x, y, width, height)
            return
        }
        cairo_new_sub_path(context)
        cairo_arc(context, x + width - r, y + r, r, -.pi / 2, 0)
        cairo_arc(context, x + width - r, y + height - r, r, 0, .pi / 2)
        cairo_arc(context, x + r, y + height - r, r, .pi / 2, .pi)
        cairo_arc(context, x + r, y + r, r, .pi, 3 * .pi / 2)
        cairo_close_path(context)
    }

    /// Fails if cairo has recorded an error on the context (errors are sticky in cairo).
    static func checkStatus(_ context: OpaquePointer) throws(RenderError) {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }

    /// Escapes a value for a cairo tag attribute string (quotes and backslashes).
    static func escapeAttribute(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}

extension String {
    /// The text with zeros in front up to `length` characters.
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }

    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
