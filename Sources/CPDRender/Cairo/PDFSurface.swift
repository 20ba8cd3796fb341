import CCairo
import Foundation

/// One PDF document being written into memory. Owns its `cairo_surface_t` and `cairo_t`.
///
/// Not thread-safe: a surface lives and dies on the thread that made it.
final class PDFSurface {
    /// Collects the bytes cairo writes; boxed so the C callback can reach it.
    private final class Sink {
        var data = Data()
    }

    private let sink = Sink()
    private let surface: OpaquePointer
    let context: OpaquePointer
    private var finished = false

    /// Starts a one-page document `width` × `height` points.
    init(width: Double, height: Double) throws(RenderError) {
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        let surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), width, height)!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.cairo(String(cString: cairo_status_to_string(status)))
        }
        self.surface = surface
        self.context = cairo_create(surface)!
        // PDF 1.5 lets cairo compress object streams; smaller files, same content.
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Sets one document-information entry (title, author, dates ...).
    func setMetadata(_ key: cairo_pdf_metadata_t, _ value: String) {
        cairo_pdf_surface_set_metadata(surface, key, value)
    }

    /// Fails if cairo has recorded an error on the context (errors are sticky in cairo).
    func checkStatus() throws(RenderError) {
        try CairoDrawing.checkStatus(context)
    }

    /// Finishes the document and returns its bytes.
    func finish() throws(RenderError) -> Data {
        precondition(!finished, "a PDF surface is finished once")
        finished = true
        try checkStatus()
        cairo_show_page(context)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }
}
