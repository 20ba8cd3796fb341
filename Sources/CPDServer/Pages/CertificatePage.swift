import CPDCore

/// The page of one certificate: its status, every printed field, the attendance against the
/// rule, a picture of it as issued, its PDF's SHA-256 and a form to check a PDF against it.
struct CertificatePage {
    let view: PublicCertificate
    let picture: PictureAvailability
    /// Whether its PDF can be downloaded again.
    var pdf: PictureAvailability = .unavailable("")
    /// LinkedIn's add-to-profile address, for a certificate in force.
    var linkedIn: String? = nil
    /// True when the certificate has an Open Badges credential to download.
    var hasCredential = false

    func html(layout: Layout) -> String {
        let e = HTML.escape
        let id = e(view.id)
        let main = """
            \(StatusBanner.html(for: view))
            <p>Certificate ID <strong class="hash">\(id)</strong></p>
            \(actions())
            <h2 id="printed">What the certificate says</h2>
            <p>Compare these details with the certificate you were shown: any difference means it was altered.</p>
            <dl class="fields" aria-labelledby="printed">
            \(fields())
            </dl>
            <h2 id="attendance">Attendance</h2>
            \(attendance())
            <h2 id="picture">The certificate as issued</h2>
            \(pictureSection())
            <h2 id="check">Check the PDF file</h2>
            <p>The PDF issued for this certificate has the SHA-256 fingerprint <code class="hash" id="pdf-sha256">\(e(view.pdfSha256))</code>. A PDF with any other fingerprint is not this certificate as issued.</p>
            \(PDFCheckForm.html(expectedID: view.id))
            \(credentialSection())
            """
        return layout.document(title: "Certificate \(view.id): \(view.status.rawValue)", main: main)
    }

    /// Download the PDF again, add it to LinkedIn: each only when it can be offered.
    private func actions() -> String {
        var links: [String] = []
        if pdf == .available {
            links.append("<a id=\"download-pdf\" href=\"/c/\(HTML.escape(view.id))/certificate.pdf\" download>Download PDF</a>")
        }
        if let linkedIn {
            links.append(
                "<a id=\"add-to-linkedin\" href=\"\(HTML.escape(linkedIn))\" rel=\"noopener noreferrer\">Add to LinkedIn profile</a>")
        }
        guard !links.isEmpty else { return "" }
        return "<p class=\"actions\">" + links.joined(separator: "\n") + "</p>"
    }

    private func fields() -> String {
        // Every value a person wrote in <bdi> (see HTML.field), so one field's direction cannot
        // bleed into the next; dates, times, hours and the ID are cpdcert's own text.
        let f = HTML.field
        var rows: [(String, String)] = [("Name", f(view.attendee.name))]
        if let job = view.attendee.jobTitle { rows.append(("Job title", f(job))) }
        if let organisation = view.attendee.organisation { rows.append(("Organisation", f(organisation))) }
        let outcomes = view.event.learningOutcomes.map { "<li>\(f($0))</li>" }.joined()
        let organiser =
            HTML.safeURL(view.organiser.url).map { "<a href=\"\($0)\" rel=\"noopener noreferrer\">\(f(view.organiser.name))</a>" }
            ?? f(view.organiser.name)
        let signatory = [view.signatory.name, view.signatory.role].compactMap { $0 }.filter { !$0.isEmpty }.map(f).joined(separator: ", ")
        rows += [
            ("Event", f(view.event.title)),
            ("Format", f(view.event.format)),
            ("Date", HTML.escape(view.event.date)),
            ("Time", HTML.escape(view.event.times)),
            ("CPD hours", "\(HTML.escape(view.event.cpdHours)) (contact time)"),
            ("Learning outcomes", outcomes.isEmpty ? "None listed" : "<ul>\(outcomes)</ul>"),
            ("Organiser", organiser),
            ("Signed by", signatory),
            ("Issued on", HTML.escape(view.issueDate)),
            ("Certificate ID", HTML.escape(view.id)),
        ]
        return rows.map { "<div class=\"row\"><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined(separator: "\n")
    }

    private func attendance() -> String {
        let e = HTML.escape
        let attendance = view.attendance
        let attended = Double(attendance.attendedMinutes) ?? 0
        let required = Double(attendance.requiredMinutes) ?? 0
        return """
            <p id="attendance-text">Attended <strong>\(e(attendance.attendedMinutes)) of \(attendance.liveMinutes) minutes</strong> of the live event. The rule: \(e(attendance.rule)).</p>
            <meter min="0" max="\(attendance.liveMinutes)" low="\(required)" optimum="\(attendance.liveMinutes)" value="\(attended)" aria-labelledby="attendance-text"></meter>
            """
    }

    private func pictureSection() -> String {
        let e = HTML.escape
        switch picture {
        case .available:
            let source = "/c/\(e(view.id))/certificate.png"
            return """
                <figure>
                <a href="\(source)"><img src="\(source)" alt="Picture of certificate \(e(view.id)) for \(HTML.attributeField(view.attendee.name)), as issued"></a>
                <figcaption>Drawn from the registry's record of the certificate as issued, not from the PDF you hold. Select it to open it full size.</figcaption>
                </figure>
                """
        case .unavailable(let reason):
            return
                "<p id=\"picture-unavailable\">The picture is unavailable: \(e(reason)). The details above are the registry's record.</p>"
        }
    }

    private func credentialSection() -> String {
        guard hasCredential else { return "" }
        return """
            <h2 id="wallet">For a digital wallet</h2>
            <p><a id="wallet-credential" href="/api/v1/certificates/\(HTML.escape(view.id))/credential" download>Download wallet credential</a>: the same certificate as an Open Badges 3.0 credential, signed by the issuer, which a learner wallet or learning record can verify and check for revocation without this site.</p>
            """
    }
}
