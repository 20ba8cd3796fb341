import CPDCore
import Foundation

/// The forms of a person's name that a report's name is matched to a registration by.
///
/// ```swift
/// PersonNameKey.exact("  Llywelyn,  Siân (Guest) ")   // "siân llywelyn"
/// PersonNameKey.loose("Siân Llywelyn")                // "sian llywelyn"
/// ```
enum PersonNameKey {
    /// NFC, trimmed, inner white space collapsed to one space, a trailing " (Guest)" dropped,
    /// "Surname, Forename" read as "Forename Surname", then Unicode default lower-casing (not
    /// case folding: "Straße" and "STRASSE" stay apart).
    static func exact(_ name: String) -> String {
        var words = name.precomposedNFC.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        if words.lowercased().hasSuffix(" (guest)") || words.lowercased() == "(guest)" {
            words = String(words.dropLast("(guest)".count)).trimmingWhitespace()
        }
        let parts = words.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2 {
            let surname = parts[0].trimmingWhitespace()
            let forename = parts[1].trimmingWhitespace()
            if !surname.isEmpty, !forename.isEmpty { words = "\(forename) \(surname)" }
        }
        return words.lowercased()
    }

    /// `exact` with diacritics removed and case folded: the comparison tried only when no
    /// registration matches exactly, and trusted only when it finds one identity.
    static func loose(_ name: String) -> String {
        exact(name).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).precomposedNFC
    }
}
