public import Foundation
import Mustache

/// A message template for one language: Mustache files `subject.mustache`, `text.mustache` and
/// `html.mustache`. Subject and text are written as they are; in the HTML every value is
/// HTML-escaped, and a template that writes one unescaped (`{{{...}}}`, `{{&...}}`) is refused.
///
/// ```swift
/// let template = try MailTemplate.load(language: "en", from: [eventMailFolder, shippedMailFolder])
/// let subject = template.subject(values)
/// ```
public struct MailTemplate: Sendable {
    /// The language folder the files came from (`en`, `cy-en`).
    public var language: String
    private let subjectTemplate: MustacheTemplate
    private let textTemplate: MustacheTemplate
    private let htmlTemplate: MustacheTemplate

    /// Parses the three templates; `names` label errors (the files they came from).
    public init(language: String, subject: String, text: String, html: String, names: [String] = ["subject", "text", "html"])
        throws(MailError)
    {
        self.language = language
        for unescaped in ["{{{", "{{&"] where html.contains(unescaped) { throw .unescapedValue(names[2]) }
        subjectTemplate = try Self.parse("{{% CONTENT_TYPE: TEXT}}" + subject, name: names[0])
        textTemplate = try Self.parse("{{% CONTENT_TYPE: TEXT}}" + text, name: names[1])
        htmlTemplate = try Self.parse(html, name: names[2])
    }

    /// The template for `language`: each file from the first of `folders` holding
    /// `<language>/<file>.mustache`, so an event's folder overrides the shipped one file by file.
    public static func load(language: String, from folders: [URL]) throws(MailError) -> MailTemplate {
        var sources: [String] = []
        var names: [String] = []
        for part in ["subject", "text", "html"] {
            let candidates = folders.map { $0.appendingPathComponent(language).appendingPathComponent("\(part).mustache") }
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                throw .template(
                    candidates.first?.path ?? "\(language)/\(part).mustache",
                    "no \(part) template for language '\(language)'; the shipped ones are in Templates/mail/")
            }
            guard let data = FileManager.default.contents(atPath: found.path), let text = String(data: data, encoding: .utf8) else {
                throw .template(found.path, "cannot be read as UTF-8 text")
            }
            sources.append(text)
            names.append(found.path)
        }
        return try MailTemplate(language: language, subject: sources[0], text: sources[1], html: sources[2], names: names)
    }

    /// The subject on one line.
    public func subject(_ values: [String: Any]) -> String {
        subjectTemplate.render(values).split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// The plain-text body.
    public func text(_ values: [String: Any]) -> String { textTemplate.render(values) }

    /// The HTML body, every value escaped.
    public func html(_ values: [String: Any]) -> String { htmlTemplate.render(values) }

    private static func parse(_ source: String, name: String) throws(MailError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: source)
        } catch {
            throw .template(name, "is not a Mustache template: \(error)")
        }
    }
}
