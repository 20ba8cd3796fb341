import CPDCore
import Foundation

/// Turns the names reports print into the name to put on a certificate. Never an identity.
enum PersonName {
    /// Marks Teams appends to display names; they are not part of anyone's name.
    static let platformSuffixes = ["(guest)", "(external)", "(unverified)"]

    /// A display name with platform marks removed and Zoom's `Current (Original)` resolved to
    /// the current name: Zoom writes the name a person had at the end of the session first, and
    /// the original is often a device or account name ("iPhone") that they or the host then
    /// corrected. A bracketed part with a '/' (pronouns such as "she/her") is kept as given.
    static func display(_ text: String) -> String? {
        var name = text.trimmingWhitespace()
        for suffix in platformSuffixes where name.lowercased().hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count)).trimmingWhitespace()
        }
        if name.hasSuffix(")"), let open = name.range(of: " (", options: .backwards) {
            let current = String(name[..<open.lowerBound]).trimmingWhitespace()
            let original = String(name[open.upperBound...].dropLast()).trimmingWhitespace()
            if !current.isEmpty, !original.isEmpty, !original.contains("/") { name = current }
        }
        return name.isEmpty ? nil : name
    }

    /// The name for a row that has registration names (first, last) and a display name.
    ///
    /// The display name wins when it contains both registration names, because it then shows
    /// the person's own order ("Nguyễn Thị Hằng", "王秀英") where "first last" may not; otherwise
    /// the registration form, which the person filled in deliberately, wins over a display name
    /// that may be a device's.
    static func preferred(first: String?, last: String?, display: String?) -> String? {
        let registered = [first, last].compactMap { $0?.trimmingWhitespace() }.filter { !$0.isEmpty }
        let shown = display.flatMap(Self.display)
        guard !registered.isEmpty else { return shown }
        if let shown {
            let folded = shown.precomposedNFC.lowercased()
            if registered.allSatisfy({ folded.contains($0.precomposedNFC.lowercased()) }) { return shown }
        }
        return registered.joined(separator: " ")
    }
}
