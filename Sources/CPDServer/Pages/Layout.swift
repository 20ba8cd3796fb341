/// The page shell every HTML page shares: semantic landmarks, a skip link, one stylesheet and
/// one deferred script from this origin, nothing inline (the CSP forbids it).
struct Layout: Sendable {
    let siteName: String
    /// The stylesheet's URL, versioned by its content so browsers may cache it for long.
    let stylesheetURL: String

    func document(title: String, main: String) -> String {
        let e = HTML.escape
        return """
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(e(title)) · \(e(siteName))</title>
            <link rel="stylesheet" href="\(e(stylesheetURL))">
            <script src="/static/check.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to the main content</a>
            <header class="site"><div class="wrap"><a class="site-name" href="/">\(e(siteName))</a><span class="site-role">Certificate verification</span></div></header>
            <main id="main" class="wrap">
            \(main)
            </main>
            <footer class="wrap">
            <p><a href="/">Check another certificate or PDF</a> · <a href="/openapi.yaml">API for machines</a></p>
            <p>This service shows what the organiser's registry records about a certificate. It never shows the attendee's email address.</p>
            </footer>
            </body>
            </html>
            """
    }
}
