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
    /// modules, into the square at (x, y) points of side `size`, quiet zone included.
    func draw(on context: OpaquePointer, x: Double, y: Double, size: Double, quietZone: Int, colour: Colour) {
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
}
