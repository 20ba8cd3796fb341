import CPDCore

/// The answer to "is this PDF exactly a certificate as issued?".
struct PDFCheckPage {
    /// The uploaded file's SHA-256.
    let sha256: String
    /// The certificate whose issued PDF has that fingerprint, if any.
    let match: PublicCertificate?
    /// The certificate the upload was made from (the form on a certificate page), if any.
    let expectedID: String?

    func html(layout: Layout) -> String {
        let e = HTML.escape
        var parts: [String] = []
        if let match {
            let link = "<a href=\"/c/\(e(match.id))\">\(e(match.id))</a>"
            var text = "This PDF is exactly certificate \(link) as issued to \(HTML.field(match.attendee.name)), unaltered."
            switch match.status {
            case .valid: text += " The certificate is valid."
            case .revoked: text += " <strong>But the certificate has been revoked</strong>: it no longer evidences attendance."
            case .superseded: text += " <strong>But the certificate was superseded</strong> by a corrected one: see its page."
            }
            if let expectedID, expectedID != match.id {
                text += " Note: it is not the certificate \(e(expectedID)) you started from."
            }
            parts.append(StatusBanner.banner("match", mark: "✓", title: "Genuine PDF", text: text))
        } else {
            var text =
                "No certificate issued through this service has exactly this content. The file was altered (even re-saving or printing to PDF changes it) or was not issued here."
            if let expectedID {
                text += " Compare it with the record of <a href=\"/c/\(e(expectedID))\">certificate \(e(expectedID))</a>."
            }
            parts.append(StatusBanner.banner("nomatch", mark: "✗", title: "Not a certificate as issued", text: text))
        }
        parts.append("<p>The file's SHA-256 fingerprint: <code class=\"hash\" id=\"upload-sha256\">\(e(sha256))</code></p>")
        parts.append("<h2>Check another PDF</h2>")
        parts.append(PDFCheckForm.html(expectedID: expectedID))
        let title = match == nil ? "PDF not recognised" : "Genuine PDF"
        return layout.document(title: title, main: parts.joined(separator: "\n"))
    }

    /// The page for a `GET /check` without a fingerprint: the upload form.
    static func form(layout: Layout) -> String {
        let main = """
            <h1>Check a PDF</h1>
            <p>Check that a PDF file is exactly a certificate as issued, unaltered.</p>
            \(PDFCheckForm.html())
            """
        return layout.document(title: "Check a PDF", main: main)
    }
}
