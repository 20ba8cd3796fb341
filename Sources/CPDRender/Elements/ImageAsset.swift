import CCairo
import CPDCore
import CRsvg
import Foundation

/// A parsed image asset, ready to draw many times: SVG through librsvg (stays vector in the
/// PDF), PNG through cairo.
final class ImageAsset {
    private enum Kind {
        case svg(UnsafeMutablePointer<RsvgHandle>)
        case png(OpaquePointer)
    }

    private let kind: Kind
    /// Intrinsic width / height, used to keep the aspect ratio.
    let aspectRatio: Double

    init(name: String, data: Data) throws(RenderError) {
        if name.lowercased().hasSuffix(".svg") {
            var error: UnsafeMutablePointer<GError>?
            let handle = data.withUnsafeBytes { bytes in
                rsvg_handle_new_from_data(bytes.bindMemory(to: UInt8.self).baseAddress, gsize(bytes.count), &error)
            }
            guard let handle else {
                let message = error.map { String(cString: $0.pointee.message) } ?? "unreadable SVG"
                if let error { g_error_free(error) }
                throw RenderError.badAsset(asset: name, reason: message)
            }
            var width = 0.0, height = 0.0
            if rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) == 0 || width <= 0 || height <= 0 {
                g_object_unref(UnsafeMutableRawPointer(handle))
                throw RenderError.badAsset(
                    asset: name, reason: "the SVG has no width and height (or viewBox); add them to its <svg> element")
            }
            kind = .svg(handle)
            aspectRatio = width / height
        } else {
            let surface = try Self.decodePNG(data, name: name)
            kind = .png(surface)
            aspectRatio = Double(cairo_image_surface_get_width(surface)) / Double(cairo_image_surface_get_height(surface))
        }
    }

    deinit {
        switch kind {
        case .svg(let handle): g_object_unref(UnsafeMutableRawPointer(handle))
        case .png(let surface): cairo_surface_destroy(surface)
        }
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

    /// Draws the image centred in `box` (millimetres), scaled to fit with its aspect ratio.
    func draw(on context: OpaquePointer, in box: Box, name: String) throws(RenderError) {
        let boxWidth = points(box.width), boxHeight = points(box.height)
        var width = boxWidth, height = boxWidth / aspectRatio
        if height > boxHeight {
            height = boxHeight
            width = boxHeight * aspectRatio
        }
        let x = points(box.x) + (boxWidth - width) / 2
        let y = points(box.y) + (boxHeight - height) / 2
        switch kind {
        case .svg(let handle):
            var viewport = RsvgRectangle(x: x, y: y, width: width, height: height)
            var error: UnsafeMutablePointer<GError>?
            if rsvg_handle_render_document(handle, context, &viewport, &error) == 0 {
                let message = error.map { String(cString: $0.pointee.message) } ?? "librsvg failed"
                if let error { g_error_free(error) }
                throw RenderError.badAsset(asset: name, reason: message)
            }
        case .png(let surface):
            cairo_save(context)
            cairo_translate(context, x, y)
            cairo_scale(
                context, width / Double(cairo_image_surface_get_width(surface)), height / Double(cairo_image_surface_get_height(surface)))
            cairo_set_source_surface(context, surface, 0, 0)
            cairo_paint(context)
            cairo_restore(context)
        }
    }
}
