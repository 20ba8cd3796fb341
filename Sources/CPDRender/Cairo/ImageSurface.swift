import CCairo
import Foundation

/// One raster picture being drawn in memory, written out as PNG. Owns its `cairo_surface_t`
/// and `cairo_t`.
///
/// Not thread-safe: a surface lives and dies on the thread that made it.
final class ImageSurface {
    /// Collects the bytes cairo writes; boxed so the C callback can reach it.
    private final class Sink {
        var data = Data()
    }

    private let surface: OpaquePointer
    let context: OpaquePointer

    /// Starts a white picture `width` × `height` pixels (RGB, no alpha).
    init(width: Int, height: Int) throws(RenderError) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        do {
            try CairoDrawing.check(cairo_surface_status(surface))
        } catch {
            cairo_surface_destroy(surface)
            throw error
        }
        self.surface = surface
        self.context = cairo_create(surface)!
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Fails if cairo has recorded an error on the context (errors are sticky in cairo).
    func checkStatus() throws(RenderError) {
        try CairoDrawing.check(cairo_status(context))
    }

    /// The picture as PNG bytes.
    func png() throws(RenderError) -> Data {
        try checkStatus()
        cairo_surface_flush(surface)
        let sink = Sink()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        try CairoDrawing.check(
            withExtendedLifetime(sink) {
                cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
            })
        return sink.data
    }
}
