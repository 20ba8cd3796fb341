import CCairo
import CPDCore

/// Opens and closes cairo's tagged-PDF structure elements (Document, H1, P, L, LI, Lbl, LBody,
/// Figure, Link) and remembers each in the order cairo writes them, with what cairo 1.16
/// cannot write itself (alternative text, language) for `TaggedPDFPatch` to add.
///
/// On surfaces other than PDF, cairo ignores tags; `enabled: false` skips even the calls.
final class StructureTags {
    /// One structure element, in the order it was opened (which is the order cairo writes them).
    struct Element: Equatable {
        /// The standard structure type, e.g. `Figure`.
        var type: String
        /// Alternative text (`/Alt`), for figures.
        var alternativeText: String?
        /// Language (`/Lang`), when it differs from the document's.
        var language: String?
    }

    private let context: OpaquePointer
    private let enabled: Bool
    private(set) var elements: [Element] = []

    init(context: OpaquePointer, enabled: Bool) {
        self.context = context
        self.enabled = enabled
    }

    /// Runs `body` inside structure element `type`; `attributes` is cairo's attribute string
    /// (used for links).
    func within(
        _ type: String, alternativeText: String? = nil, language: String? = nil, attributes: String = "",
        _ body: () throws(RenderError) -> Void
    ) throws(RenderError) {
        guard enabled else { return try body() }
        elements.append(Element(type: type, alternativeText: alternativeText, language: language))
        cairo_tag_begin(context, type, attributes)
        defer { cairo_tag_end(context, type) }
        try body()
    }

    /// Runs `body` inside a link to `uri` (an annotation and a Link structure element), or
    /// just runs it when there is no address or `WebAddress` refuses it (a record issued before
    /// addresses were checked may hold `javascript:`).
    func link(to uri: String?, _ body: () throws(RenderError) -> Void) throws(RenderError) {
        guard let uri, WebAddress.isAccepted(uri) else { return try body() }
        try within(CAIRO_TAG_LINK, attributes: "uri='\(CairoDrawing.escapeAttribute(uri))'", body)
    }
}
