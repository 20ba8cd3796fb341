import CPDCore

/// Finds columns by header name, never by position: names are compared lower-cased with
/// everything but letters and digits removed, so "Full Name", "full_name" and "FullName" match.
public struct HeaderMap: Sendable {
    private var indices: [String: [Int]] = [:]
    /// The header cells as given.
    public let headers: [String]

    /// Indexes `headers`; where two columns share a name, lookups find the first unless told.
    public init(headers: [String]) {
        self.headers = headers
        for (index, header) in headers.enumerated() {
            indices[Self.key(header), default: []].append(index)
        }
    }

    /// The normalised form of a header name.
    public static func key(_ header: String) -> String {
        String(
            header.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init)
        )
    }

    /// The column index of the first of `names` present (its last column of that name when `last`).
    public func index(of names: [String], last: Bool = false) -> Int? {
        index(ofKeys: names.map(Self.key), last: last)
    }

    /// `index(of:last:)` for names already normalised with `key(_:)`, for lookups done per row.
    public func index(ofKeys keys: [String], last: Bool = false) -> Int? {
        keys.lazy.compactMap { last ? indices[$0]?.last : indices[$0]?.first }.first
    }

    /// True when the header has a column under any of `names`.
    public func contains(_ names: [String]) -> Bool {
        index(of: names) != nil
    }

    /// The header of the first of `names` present, as the file writes it.
    public func header(of names: [String]) -> String? {
        index(of: names).map { headers[$0].trimmingWhitespace() }
    }

    /// The cell of `row` under the first of `names` present, trimmed; nil if absent or empty.
    public func value(_ names: [String], in row: CSVRow, last: Bool = false) -> String? {
        value(keys: names.map(Self.key), in: row, last: last)
    }

    /// `value(_:in:last:)` for names already normalised with `key(_:)`.
    public func value(keys: [String], in row: CSVRow, last: Bool = false) -> String? {
        guard let index = index(ofKeys: keys, last: last), index < row.cells.count else { return nil }
        let value = row.cells[index].trimmingWhitespace()
        return value.isEmpty ? nil : value
    }
}
