/// What went wrong composing or sending a message; each says what, quotes the subject and how to fix it.
public enum MailError: Error, Equatable, Sendable, CustomStringConvertible {
    case badAddress(String)
    case template(String, String)
    case unescapedValue(String)

    public var description: String {
        switch self {
        case .badAddress(let text):
            "'\(text)' is not an email address; write it as 'Name <local@domain>' or 'local@domain'"
        case .template(let file, let reason):
            "\(file): \(reason)"
        case .unescapedValue(let file):
            "\(file): the HTML template writes a value unescaped ({{{...}}} or {{&...}}); use {{...}} so every value is HTML-escaped"
        }
    }
}
