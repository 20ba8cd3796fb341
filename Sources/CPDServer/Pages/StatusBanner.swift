import CPDCore
import Foundation

/// The status of a certificate in words and in colour, with a mark that does not rely on colour.
enum StatusBanner {
    static func html(for view: PublicCertificate) -> String {
        let e = HTML.escape
        let change = view.statusChange
        let when = change.map { " on \(PageDate.text($0.at))" } ?? ""
        switch view.status {
        case .valid:
            return banner(
                "valid", mark: "✓", title: "Valid certificate",
                text: "This certificate was issued by \(HTML.field(view.organiser.name)) and is in force.")
        case .revoked:
            let reason = change?.reasonText.map { " Reason: \(HTML.field($0))." } ?? ""
            return banner(
                "revoked", mark: "✗", title: "Revoked certificate",
                text: "This certificate was withdrawn\(e(when)) and no longer evidences attendance.\(reason)")
        case .superseded:
            let replacement =
                change?.replacedBy.map { id in
                    " It was replaced by certificate <a href=\"/c/\(e(id))\">\(e(id))</a>: check that one instead."
                } ?? ""
            return banner(
                "superseded", mark: "↻", title: "Superseded certificate",
                text: "This certificate was corrected\(e(when)) and is no longer in force.\(replacement)")
        }
    }

    static func banner(_ kind: String, mark: String, title: String, text: String) -> String {
        """
        <section class="status status-\(kind)" role="status" aria-live="polite">
        <h1><span class="mark" aria-hidden="true">\(mark)</span>\(HTML.escape(title))</h1>
        <p>\(text)</p>
        </section>
        """
    }
}

/// Dates as the pages print them: "30 November 2026 at 09:30 UTC" (fixed, not locale-dependent).
enum PageDate {
    static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        let month = months[max(0, min(11, (parts.month ?? 1) - 1))]
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 1970) at \(two(parts.hour)):\(two(parts.minute)) UTC"
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
