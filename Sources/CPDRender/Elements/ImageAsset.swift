import CCairo
import CPDCore
import CPoppler
import CRsvg
import Foundation

/// A parsed image asset, ready to draw many times: SVG through librsvg and one-page PDF through
/// poppler (both stay vector in the PDF), PNG through cairo.
final class ImageAsset {
    private enum Kind {
        case svg(UnsafeMutablePointer<RsvgHandle>)
        case pdf(document: OpaquePointer, page: OpaquePointer)
        case png(OpaquePointer)
    }

    private let kind: Kind
    /// Intrinsic width and height (points or pixels), used to keep the aspect ratio.
    let intrinsicSize: (width: Double, height: Double)
    var aspectRatio: Double { intrinsicSize.width / intrinsicSize.height }

    init(name: String, data: Data) throws(RenderError) {
        let lowercased = name.lowercased()
        if lowercased.hasSuffix(".svg") {
            let handle = try Self.decodeSVG(data, name: name)
            var width = 0.0, height = 0.0
            if rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) == 0 || width <= 0 || height <= 0 {
                g_object_unref(UnsafeMutableRawPointer(handle))
                throw RenderError.badAsset(
                    asset: name, reason: "the SVG has no width and height (or viewBox); add them to its <svg> element")
            }
            kind = .svg(handle)
            intrinsicSize = (width, height)
        } else if lowercased.hasSuffix(".pdf") {
            let (document, page) = try Self.openPDF(data, name: name)
            var width = 0.0, height = 0.0
            poppler_page_get_size(page, &width, &height)
            kind = .pdf(document: document, page: page)
            intrinsicSize = (width, height)
        } else {
            let surface = try Self.decodePNG(data, name: name)
            kind = .png(surface)
            intrinsicSize = (Double(cairo_image_surface_get_width(surface)), Double(cairo_image_surface_get_height(surface)))
        }
    }

    deinit {
        switch kind {
        case .svg(let handle): g_object_unref(UnsafeMutableRawPointer(handle))
        case .pdf(let document, let page):
            g_object_unref(UnsafeMutableRawPointer(page))
            g_object_unref(UnsafeMutableRawPointer(document))
        case .png(let surface): cairo_surface_destroy(surface)
        }
    }

    private static func decodeSVG(_ data: Data, name: String) throws(RenderError) -> UnsafeMutablePointer<RsvgHandle> {
        var error: UnsafeMutablePointer<GError>?
        let handle = data.withUnsafeBytes { bytes in
            rsvg_handle_new_from_data(bytes.bindMemory(to: UInt8.self).baseAddress, gsize(bytes.count), &error)
        }
        guard let handle else { throw RenderError.badAsset(asset: name, reason: Self.message(error, or: "unreadable SVG")) }
        return handle
    }

    /// Opens a PDF that must have exactly one page; poppler keeps its own copy of the bytes.
    private static func openPDF(_ data: Data, name: String) throws(RenderError) -> (OpaquePointer, OpaquePointer) {
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            throw RenderError.badAsset(asset: name, reason: Self.message(error, or: "unreadable PDF"))
        }
        let pages = poppler_document_get_n_pages(document)
        guard pages == 1, let page = poppler_document_get_page(document, 0) else {
            g_object_unref(UnsafeMutableRawPointer(document))
            throw RenderError.badAsset(
                asset: name, reason: "the PDF has \(pages) pages; export just the one page the certificate uses")
        }
        return (document, page)
    }

    /// The GError's message (freeing it), or `fallback`.
    private static func message(_ error: UnsafeMutablePointer<GError>?, or fallback: String) -> String {
        guard let error else { return fallback }
        defer { g_error_free(error) }
        return String(cString: error.pointee.message)
    }

    private final class Reader {
        let data: Data
        var offset = 0
        init(_ data: Data) { self.data = data }
    }

    private static func decodePNG(_ data: Data, name: String) throws(RenderError) -> OpaquePointer {
        let reader = Reader(data)
        let read: cairo_read_func_t = { closure, buffer, length in
            guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
            let reader = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard reader.offset + count <= reader.data.count else { return CAIRO_STATUS_READ_ERROR }
            reader.data.copyBytes(to: buffer, from: reader.data.startIndex + reader.offset..<reader.data.startIndex + reader.offset + count)
            reader.offset += count
            return CAIRO_STATUS_SUCCESS
        }
        let surface = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(reader).toOpaque())!
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.badAsset(asset: name, reason: String(cString: cairo_status_to_string(status)))
        }
        return surface
    }

    /// Where the image lands in `box` (millimetres), scaled to fit with its aspect ratio and
    /// placed by the alignments; in millimetres.
    func fitted(in box: Box, alignment: TextAlignment = .center, verticalAlignment: VerticalAlignment = .middle) -> Box {
        var width = box.width, height = box.width / aspectRatio
        if height > box.height {
            height = box.height
            width = box.height * aspectRatio
        }
        return Box(
            x: box.x + (box.width - width) * alignment.fraction, y: box.y + (box.height - height) * verticalAlignment.fraction,
            width: width, height: height)
    }

    /// Draws the image filling `box` (millimetres) exactly; callers keep the aspect ratio.
    func draw(on context: OpaquePointer, filling box: Box, name: String) throws(RenderError) {
        let x = points(box.x), y = points(box.y), width = points(box.width), height = points(box.height)
        switch kind {
        case .svg(let handle):
            var viewport = RsvgRectangle(x: x, y: y, width: width, height: height)
            var error: UnsafeMutablePointer<GError>?
            if rsvg_handle_render_document(handle, context, &viewport, &error) == 0 {
                throw RenderError.badAsset(asset: name, reason: Self.message(error, or: "librsvg failed"))
            }
        case .pdf(_, let page):
            cairo_save(context)
            cairo_translate(context, x, y)
            cairo_scale(context, width / intrinsicSize.width, height / intrinsicSize.height)
            poppler_page_render(page, context)
            cairo_restore(context)
        case .png(let surface):
            cairo_save(context)
            cairo_translate(context, x, y)
            cairo_scale(context, width / intrinsicSize.width, height / intrinsicSize.height)
            cairo_set_source_surface(context, surface, 0, 0)
            // A filled rectangle, not cairo_paint: cairo 1.16 fails a tagged PDF at finish
            // (CAIRO_STATUS_TAG_ERROR) when an unbounded paint falls inside a structure element.
            cairo_rectangle(context, 0, 0, intrinsicSize.width, intrinsicSize.height)
            cairo_fill(context)
            cairo_restore(context)
        }
    }
}
