import CCairo
import CPDCore
import CQRencode

/// A QR code's modules, from libqrencode.
struct QRModules {
    let width: Int
    private let dark: [Bool]

    /// Encodes `payload` as 8-bit data at `level`.
    init(payload: String, level: QRErrorCorrection) throws(RenderError) {
        let ecLevel: QRecLevel
        switch level {
        case .low: ecLevel = QR_ECLEVEL_L
        case .medium: ecLevel = QR_ECLEVEL_M
        case .quartile: ecLevel = QR_ECLEVEL_Q
        case .high: ecLevel = QR_ECLEVEL_H
        }
        guard let code = QRcode_encodeString8bit(payload, 0, ecLevel) else {
            throw RenderError.qrCode(element: "", reason: "libqrencode could not encode \(payload.utf8.count) bytes")
        }
        defer { QRcode_free(code) }
        width = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour (1 = dark); the other bits are metadata.
        dark = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * width + column] }

    /// Draws the code as filled vector squares, one rectangle per horizontal run of dark
    /// modules, into the square at (x, y) points of side `size`, quiet zone included: drawing
    /// revision 1, kept so that certificates drawn with it are drawn again byte for byte.
    func drawAsSquares(on context: OpaquePointer, x: Double, y: Double, size: Double, quietZone: Int, colour: Colour) {
        let module = size / Double(width + 2 * quietZone)
        let originX = x + Double(quietZone) * module
        let originY = y + Double(quietZone) * module
        cairo_new_path(context)
        for row in 0..<width {
            var column = 0
            while column < width {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while column < width && isDark(row: row, column: column) { column += 1 }
                cairo_rectangle(
                    context, originX + Double(start) * module, originY + Double(row) * module, Double(column - start) * module, module)
            }
        }
        CairoDrawing.setColour(context, colour)
        // Adjacent rectangles share edges exactly; no antialiasing seams in vector output.
        cairo_fill(context)
    }

    /// Draws the code into the square at (x, y) points of side `size`, quiet zone included, as
    /// a 1-bit image mask (one pixel a module, scaled without interpolation) filled with
    /// `colour`: one small `/ImageMask` in a PDF instead of a path of several hundred squares,
    /// which cairo would write out coordinate by coordinate. It reads and decodes the same.
    func draw(on context: OpaquePointer, x: Double, y: Double, size: Double, quietZone: Int, colour: Colour) throws(RenderError) {
        let module = size / Double(width + 2 * quietZone)
        let mask = cairo_image_surface_create(CAIRO_FORMAT_A1, Int32(width), Int32(width))!
        defer { cairo_surface_destroy(mask) }
        let status = cairo_surface_status(mask)
        guard status == CAIRO_STATUS_SUCCESS, let pixels = cairo_image_surface_get_data(mask) else {
            throw RenderError.cairo(String(cString: cairo_status_to_string(status)))
        }
        cairo_surface_flush(mask)
        let stride = Int(cairo_image_surface_get_stride(mask))
        // CAIRO_FORMAT_A1 packs pixels into 32-bit words whose bit order follows the platform's
        // byte order; the rows are `stride` bytes apart and start zeroed.
        for row in 0..<width {
            let words = UnsafeMutableRawPointer(pixels + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width where isDark(row: row, column: column) {
                #if _endian(little)
                    words[column / 32] |= 1 << UInt32(column % 32)
                #else
                    words[column / 32] |= 1 << UInt32(31 - column % 32)
                #endif
            }
        }
        cairo_surface_mark_dirty(mask)
        let pattern = cairo_pattern_create_for_surface(mask)!
        defer { cairo_pattern_destroy(pattern) }
        // Nearest neighbour: square modules with sharp edges (/Interpolate false in a PDF).
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
        cairo_save(context)
        cairo_translate(context, x + Double(quietZone) * module, y + Double(quietZone) * module)
        cairo_scale(context, module, module)
        CairoDrawing.setColour(context, colour)
        cairo_mask(context, pattern)
        cairo_restore(context)
    }
}
