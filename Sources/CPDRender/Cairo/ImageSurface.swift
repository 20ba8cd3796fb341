import CCairo
import Foundation

/// A raster page in memory (`cairo_image_surface`), written out as PNG. Owns its surface and context.
///
/// Not thread-safe: a surface lives and dies on the thread that made it.
final class ImageSurface {
    /// Collects the bytes cairo writes; boxed so the C callback can reach it.
    private final class Sink {
        var data = Data()
    }

    private let surface: OpaquePointer
    let context: OpaquePointer

    /// A `width` × `height` pixel surface painted `background`.
    init(width: Int, height: Int, background: (Double, Double, Double) = (1, 1, 1)) throws(RenderError) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.cairo("cannot make a \(width) × \(height) image: \(String(cString: cairo_status_to_string(status)))")
        }
        self.surface = surface
        context = cairo_create(surface)!
        cairo_set_source_rgb(context, background.0, background.1, background.2)
        cairo_paint(context)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The picture as PNG bytes.
    func png() throws(RenderError) -> Data {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderError.cairo(String(cString: cairo_status_to_string(status))) }
        cairo_surface_flush(surface)
        let sink = Sink()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        let written = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard written == CAIRO_STATUS_SUCCESS else { throw RenderError.cairo(String(cString: cairo_status_to_string(written))) }
        return sink.data
    }
}
