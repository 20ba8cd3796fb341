import Foundation

/// Text with `{{placeholder}}`s, parsed once.
public struct TemplateText: Hashable, Sendable {
    /// A literal run or a placeholder name.
    public enum Part: Hashable, Sendable {
        case literal(String)
        case placeholder(String)
    }

    /// The parts in order.
    public let parts: [Part]

    /// Parses `source`; fails on an unclosed `{{`.
    public init(parsing source: String) throws(TemplateTextError) {
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { throw .unclosed(source) }
            let name = afterOpen[..<close.lowerBound].trimmingWhitespace()
            guard !name.isEmpty else { throw .empty(source) }
            parts.append(.placeholder(name))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The placeholder names used.
    public var placeholders: [String] {
        parts.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// Substitutes `values`; a placeholder with no value (an optional field left empty)
    /// becomes empty text.
    public func resolve(_ values: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .placeholder(let name): values[name] ?? ""
            }
        }.joined()
    }

    /// Substitutes `values` for drawing, each kept from reordering the text around it: a text
    /// that is one placeholder gets the value balanced; where literals or other values stand
    /// beside it, each value is isolated, when the line may reorder at all (see `BidiIsolation`).
    public func resolveIsolated(_ values: [String: String]) -> String {
        if parts.count == 1, case .placeholder(let name) = parts[0] { return BidiIsolation.balanced(values[name] ?? "") }
        let plain = resolve(values)
        guard BidiIsolation.mayReorder(plain) else { return plain }
        let literals = parts.compactMap { if case .literal(let text) = $0 { text } else { nil } }
        return BidiIsolation.directionMark(literals: literals)
            + parts.map { part in
                switch part {
                case .literal(let text): text
                case .placeholder(let name): values[name].map { $0.isEmpty ? "" : BidiIsolation.isolated($0) } ?? ""
                }
            }.joined()
    }

    /// True when the text uses at least one placeholder and every one of them is empty, so an
    /// element such as "{{attendee.job_title}}" is skipped rather than drawn blank.
    public func isEmpty(with values: [String: String]) -> Bool {
        !placeholders.isEmpty && placeholders.allSatisfy { (values[$0] ?? "").isEmpty }
    }
}

/// Why a template text is not well-formed.
public enum TemplateTextError: Error, Equatable, Sendable, CustomStringConvertible {
    case unclosed(String)
    case empty(String)

    public var description: String {
        switch self {
        case .unclosed(let text): "'{{' without a matching '}}' in \"\(text)\""
        case .empty(let text): "an empty placeholder '{{}}' in \"\(text)\""
        }
    }
}
