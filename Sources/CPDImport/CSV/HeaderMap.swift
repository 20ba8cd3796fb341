import CPDCore

/// Finds columns by header name, never by position: names are compared lower-cased with
/// everything but letters and digits removed, so "Full Name", "full_name" and "FullName" match.
public struct HeaderMap: Sendable {
    private var indices: [String: Int] = [:]
    /// The header cells as given.
    public let headers: [String]

    /// Indexes `headers`; the first of two equal names wins.
    public init(headers: [String]) {
        self.headers = headers
        for (index, header) in headers.enumerated() {
            let key = Self.key(header)
            if indices[key] == nil { indices[key] = index }
        }
    }

    /// The normalised form of a header name.
    public static func key(_ header: String) -> String {
        String(
            header.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init)
        )
    }

    /// The column index of the first of `names` present.
    public func index(of names: [String]) -> Int? {
        names.lazy.compactMap { indices[Self.key($0)] }.first
    }

    /// The cell of `row` under the first of `names` present, trimmed; nil if absent or empty.
    public func value(_ names: [String], in row: CSVRow) -> String? {
        guard let index = index(of: names), index < row.cells.count else { return nil }
        let value = row.cells[index].trimmingWhitespace()
        return value.isEmpty ? nil : value
    }
}
