/// The attendee fields an attendance report gives, each with the length and characters it may
/// have: checked on the cell, with the row's line, before anything merges, stores or renders it.
///
/// A control character (a NUL cuts the text short in C and in SQLite), a line break, a
/// private-use character (it prints whatever icon one font puts there) and an unassigned code
/// point are refused in every field; a name, job title or organisation must also show at least
/// one letter, digit, punctuation mark or symbol (not only zero-width or combining characters).
enum AttendeeField: Sendable {
    case name, email, jobTitle, organisation

    /// The most Unicode scalars the field may hold: generous for real names (the longest
    /// in use run to about 100 characters), small enough that nothing downstream is slowed.
    var limit: Int {
        switch self {
        case .name: 200
        // RFC 5321 allows 254 octets in an address as a whole.
        case .email: 254
        case .jobTitle, .organisation: 200
        }
    }

    /// What the field holds, for messages ("the name").
    private var noun: String {
        switch self {
        case .name: "the name as it should be printed"
        case .email: "the attendee's email address"
        case .jobTitle: "the job title"
        case .organisation: "the organisation"
        }
    }

    /// `text` when it meets the field's rules; else the reason, naming `column` and never
    /// repeating the value (it may be an email, or a megabyte long).
    func check(_ text: String, column: String) throws(RowProblem) -> String {
        var count = 0
        var visible = false
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit {
                // Counted to the end only here: a 10 MB cell costs one pass.
                throw RowProblem(
                    "'\(column)' is \(text.unicodeScalars.count) characters long; at most \(limit) are allowed. Give \(noun), or check that the columns are not shifted"
                )
            }
            if let what = Self.refused(scalar) {
                throw RowProblem(
                    "'\(column)' contains \(what) (U+\(Self.hex(scalar))) at character \(count); remove it and give \(noun) in plain text")
            }
            if !visible { visible = Self.isVisible(scalar) }
        }
        if self != .email { try Self.requireVisible(visible, column: column, noun: noun) }
        return text
    }

    /// Fails unless `name` (a name after a platform's marks were taken off it) shows a character.
    static func requireVisibleName(_ name: String, column: String) throws(RowProblem) {
        try requireVisible(name.unicodeScalars.contains(where: isVisible), column: column, noun: AttendeeField.name.noun)
    }

    private static func requireVisible(_ visible: Bool, column: String, noun: String) throws(RowProblem) {
        guard visible else {
            throw RowProblem(
                "'\(column)' has no visible character (only spaces, zero-width or combining marks), so nothing would be printed; give \(noun)"
            )
        }
    }

    /// What `scalar` is, when no field may hold it.
    static func refused(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.properties.generalCategory {
        case .control: "a control character"
        case .lineSeparator, .paragraphSeparator: "a line break"
        case .privateUse: "a private-use character, which fonts draw as whatever they put there"
        case .unassigned: "a code point Unicode has not assigned"
        default: nil
        }
    }

    /// True for a base character that shows ink: a letter, digit, punctuation mark or symbol.
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }

    /// The scalar's code point as at least four upper-case hex digits.
    static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
