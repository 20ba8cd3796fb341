/// The forms that start a check: a certificate ID (lenient) and a PDF upload.
enum LookupForm {
    /// The ID form; it sends `GET /c?id=...`, so it works without JavaScript and can be bookmarked.
    static func html(value: String = "", invalid: Bool = false) -> String {
        let e = HTML.escape
        let invalidAttributes =
            invalid ? " aria-invalid=\"true\" aria-describedby=\"id-hint lookup-problem\"" : " aria-describedby=\"id-hint\""
        return """
            <form method="get" action="/c" role="search">
            <label for="id">Certificate ID</label>
            <span class="hint" id="id-hint">Twenty letters and digits, printed on the certificate, such as 7K3M-Q9XD-2FPA-H4TZ-0B6N. Capitals, spaces and hyphens do not matter.</span>
            <input type="text" id="id" name="id" value="\(e(value))" maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false" required\(invalidAttributes)>
            <button type="submit">Check the ID</button>
            </form>
            """
    }
}

/// The PDF upload form: `multipart/form-data` to `POST /check`, enhanced by drag and drop.
enum PDFCheckForm {
    static func html(expectedID: String? = nil) -> String {
        let e = HTML.escape
        let hidden = expectedID.map { "<input type=\"hidden\" name=\"id\" value=\"\(e($0))\">\n" } ?? ""
        return """
            <form method="post" action="/check" enctype="multipart/form-data">
            \(hidden)<div class="drop" data-drop-zone>
            <label for="pdf">PDF of the certificate</label>
            <span class="hint" id="pdf-hint">Choose the PDF file<span class="drop-note">, or drop it here</span>. It is fingerprinted and compared with the issued certificates, then discarded. Up to 5 MB.</span>
            <input type="file" id="pdf" name="pdf" accept="application/pdf,.pdf" required aria-describedby="pdf-hint">
            </div>
            <button type="submit">Check the PDF</button>
            </form>
            """
    }
}

/// The front page and the answers that are not a certificate.
enum LookupPages {
    static func home(layout: Layout) -> String {
        let main = """
            <h1>Check a certificate</h1>
            <p>Type the certificate ID to see what the organiser's registry records: its status and every detail printed on it.</p>
            \(LookupForm.html())
            <h2>Check a PDF</h2>
            <p>Or check that a PDF file is exactly a certificate as issued, unaltered.</p>
            \(PDFCheckForm.html())
            """
        return layout.document(title: "Check a certificate", main: main)
    }

    /// An ID that is not in the registry: with the form, prefilled, to try again.
    static func unknown(id: String, typed: String, layout: Layout) -> String {
        let main = """
            \(StatusBanner.banner("unknown", mark: "?", title: "Certificate not found", text: "No certificate with ID <strong class=\"hash\">\(HTML.escape(id))</strong> was issued through this service. Check the ID against the certificate; if it matches exactly, the certificate is not genuine."))
            \(LookupForm.html(value: typed))
            """
        return layout.document(title: "Certificate not found", main: main)
    }

    /// A text that is not an ID, or an ID whose check character is wrong.
    static func malformed(_ problem: String, typed: String, mistyped: Bool, layout: Layout) -> String {
        let title = mistyped ? "This ID looks mistyped" : "That is not a certificate ID"
        let explanation =
            mistyped
            ? "Its check character does not match, so at least one character differs from the certificate. Compare it character by character and try again."
            : problem
        let main = """
            <section class="status status-mistyped" role="alert" id="lookup-problem">
            <h1><span class="mark" aria-hidden="true">!</span>\(HTML.escape(title))</h1>
            <p>\(HTML.escape(explanation))</p>
            </section>
            \(LookupForm.html(value: typed, invalid: true))
            """
        return layout.document(title: title, main: main)
    }

    /// Any other problem, for people.
    static func problem(title: String, text: String, layout: Layout) -> String {
        let main = """
            <section class="status status-error" role="alert">
            <h1><span class="mark" aria-hidden="true">!</span>\(HTML.escape(title))</h1>
            <p>\(HTML.escape(text))</p>
            </section>
            <p><a href="/">Go to the start page</a></p>
            """
        return layout.document(title: title, main: main)
    }
}
