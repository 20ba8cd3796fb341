/// Writes CSV that is safe to open in a spreadsheet: RFC 4180 quoting, and any cell starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `'` so it is never run as
/// a formula (CSV injection).
public enum CSVFormat {
    /// One record, CRLF-terminated as RFC 4180 says.
    public static func record(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One cell, neutralised and quoted when needed.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        return text
    }
}
