import CPDCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the console's pages: a page's template with its values, inside the layout, with the
/// signed-in account, the form token and the labels every page sees.
struct ConsolePages: Sendable {
    let library: MustacheLibrary
    let siteName: String

    init(siteName: String) throws {
        var library = MustacheLibrary()
        for (name, source) in ConsoleTemplates.all {
            try library.register(source, named: name)
        }
        self.library = library
        self.siteName = siteName
    }

    /// The page `name` as an HTML response.
    func page(
        _ name: String, title: String, values: [String: Any] = [:], context: ConsoleRequestContext, status: HTTPResponse.Status = .ok,
        refresh: Int? = nil
    ) -> Response {
        var shared: [String: Any] = ["t": ConsoleText.english, "csrf": context.csrfToken, "siteName": siteName, "title": title]
        if let account = context.account {
            shared["account"] = [
                "email": account.email, "role": account.role.rawValue, "mayChange": account.mayChange, "isAdmin": account.role == .admin,
                "mayAudit": account.role != .organiser,
            ]
        }
        let body = library.render(shared.merging(values.filter { !Self.isNil($0.value) }) { $1 }, withTemplate: name) ?? ""
        var layoutValues = shared
        layoutValues["body"] = body
        if let refresh { layoutValues["refresh"] = refresh }
        let html = library.render(layoutValues, withTemplate: "layout") ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The error page with `message`.
    func error(_ status: HTTPResponse.Status, _ message: String, context: ConsoleRequestContext) -> Response {
        page("error", title: ConsoleText.english["errorHeading"] ?? "", values: ["message": message], context: context, status: status)
    }

    /// True for an optional that holds nothing (`x as Any` of a nil `x`): such a value is left
    /// out, since a section would take the wrapper for a value.
    static func isNil(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }

    /// A list of values with `<name>Any` (true when not empty) and `<name>Count` beside it, for the templates.
    static func list(_ name: String, _ items: [[String: Any]]) -> [String: Any] {
        [name: items, name + "Any": !items.isEmpty, name + "Count": items.count]
    }

    /// A 303 to `location` (after a POST, the browser GETs the page).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The console's one stylesheet: readable type, visible focus, contrast above 4.5:1.
enum ConsoleStylesheet {
    static let css = """
        :root { --ink: #1b1b1b; --paper: #ffffff; --brand: #12436d; --problem: #a4161a; --muted: #4a4a4a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.5 system-ui, "Noto Sans", sans-serif; color: var(--ink); background: var(--paper); }
        .wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 2; }
        header.site { background: var(--brand); color: #fff; padding: .75rem 0; }
        header.site .wrap { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
        .site-name { font-weight: 700; } .site-role { opacity: .9; }
        header nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
        header a { color: #fff; } .sign-out { margin-left: auto; }
        a { color: var(--brand); } a:focus, button:focus, input:focus, select:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; } th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
        input[type=text], input[type=email], input[type=password], select { font: inherit; padding: .4rem; min-width: 20rem; max-width: 100%; border: 2px solid var(--ink); }
        button, .button { font: inherit; background: var(--brand); color: #fff; border: 0; padding: .5rem 1rem; cursor: pointer; text-decoration: none; display: inline-block; }
        .problem { color: var(--problem); font-weight: 600; } .notice { border-left: 5px solid var(--brand); padding: .5rem 1rem; background: #f3f2f1; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        code { overflow-wrap: anywhere; } form.inline { display: inline; margin-left: .5rem; }
        .hint { display: block; color: var(--muted); font-size: .9rem; }
        """
}
