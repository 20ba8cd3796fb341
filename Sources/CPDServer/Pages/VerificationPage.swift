import CPDCore

/// Server-rendered verification pages: semantic HTML, no script, readable on a phone.
enum VerificationPage {
    static func certificate(_ certificate: Certificate, siteName: String) -> String {
        let view = PublicCertificate(certificate)
        let e = HTML.escape
        var rows: [(String, String)] = [
            ("Name", view.attendee.name)
        ]
        if let job = view.attendee.jobTitle { rows.append(("Job title", job)) }
        if let organisation = view.attendee.organisation { rows.append(("Organisation", organisation)) }
        rows += [
            ("Event", view.event.title),
            ("Format", view.event.format),
            ("Date", view.event.date),
            ("Time", view.event.times),
            ("CPD hours", "\(view.event.cpdHours) (contact time)"),
            (
                "Attendance",
                "attended \(view.attendance.attendedMinutes) of \(view.attendance.liveMinutes) minutes (the rule: \(view.attendance.rule))"
            ),
            ("Organiser", view.organiser.name),
            ("Signed by", "\(view.signatory.name), \(view.signatory.role ?? "")"),
            ("Issued", view.issueDate),
            ("Certificate ID", view.id),
        ]
        let details = rows.map { "<dt>\(e($0.0))</dt><dd>\(e($0.1))</dd>" }.joined(separator: "\n")
        let outcomes = view.event.learningOutcomes.map { "<li>\(e($0))</li>" }.joined(separator: "\n")
        let body = """
            <p class="status \(view.status.rawValue)" role="status"><strong>\(e(view.status.sentence))</strong></p>
            <h1>Certificate of Attendance</h1>
            <dl>
            \(details)
            </dl>
            <h2>Learning outcomes</h2>
            <ul>
            \(outcomes)
            </ul>
            <h2>Check the PDF</h2>
            <p>The issued PDF's SHA-256 is <code class="hash">\(e(view.pdfSha256))</code>. Compare the details above with the certificate you were shown: any difference means the PDF was altered.</p>
            """
        return document(title: "Certificate \(view.id): \(view.status.rawValue)", body: body, siteName: siteName)
    }

    static func message(title: String, status: String, text: String, siteName: String) -> String {
        let e = HTML.escape
        let body = """
            <p class="status \(e(status))" role="alert"><strong>\(e(title))</strong></p>
            <p>\(e(text))</p>
            """
        return document(title: title, body: body, siteName: siteName)
    }

    private static func document(title: String, body: String, siteName: String) -> String {
        let e = HTML.escape
        return """
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(e(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Noto Sans",sans-serif;margin:0;color:#111827;background:#f5f6f8;line-height:1.5}
            header{background:#1f3a5f;color:#fff;padding:.8rem 1rem}
            main{max-width:46rem;margin:1rem auto;padding:1rem 1.25rem;background:#fff;border-radius:.5rem}
            h1{font-size:1.5rem;margin:.5rem 0 1rem;color:#1f3a5f}
            h2{font-size:1.1rem;color:#1f3a5f}
            dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.35rem 1rem;margin:0}
            dt{font-weight:600;color:#3b4455}
            dd{margin:0;overflow-wrap:anywhere}
            .status{padding:.75rem 1rem;border-radius:.4rem;border-left:.4rem solid}
            .valid{background:#e7f6ec;border-color:#1a7f37;color:#0f5323}
            .revoked,.unknown,.malformed{background:#fdecea;border-color:#b42318;color:#7a1a12}
            .superseded{background:#fff6e0;border-color:#9a6700;color:#5c3d00}
            .hash{overflow-wrap:anywhere;font-size:.85rem}
            @media (max-width:30rem){dl{grid-template-columns:1fr}dt{margin-top:.5rem}}
            </style>
            </head>
            <body>
            <header>\(e(siteName))</header>
            <main>
            \(body)
            </main>
            </body>
            </html>
            """
    }
}
