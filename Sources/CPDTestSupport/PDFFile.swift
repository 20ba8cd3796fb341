public import Foundation

/// A PDF written to a temporary folder and read back with poppler's and qpdf's tools, the way
/// a reader or an auditor would see it. The folder is removed when the value goes away.
public final class PDFFile {
    /// A word and its box in points from the page's top-left corner, from `pdftotext -bbox`.
    public struct Word: Equatable, Sendable {
        public var text: String
        public var xMin: Double
        public var yMin: Double
        public var xMax: Double
        public var yMax: Double
    }

    public let url: URL
    private let folder: URL

    /// Writes `data` to a fresh temporary file.
    public init(_ data: Data) throws {
        folder = try ExternalTool.temporaryDirectory("pdf")
        url = folder.appendingPathComponent("certificate.pdf")
        try data.write(to: url)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `tool` on the file (its path last) and returns standard output; fails on a non-zero exit.
    public func run(_ tool: String, _ arguments: [String] = []) throws -> String {
        let result = try ExternalTool.run(tool, arguments + [url.path] + (tool == "pdftotext" ? ["-"] : []))
        guard result.status == 0 else {
            throw ToolFailure(description: "\(tool) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// The text as `pdftotext` extracts it, NFC.
    public func text() throws -> String { try run("pdftotext", ["-enc", "UTF-8"]).precomposedStringWithCanonicalMapping }

    /// Every word with its box.
    public func words() throws -> [Word] {
        let html = try run("pdftotext", ["-bbox", "-enc", "UTF-8"])
        var words: [Word] = []
        for line in html.split(separator: "\n") where line.contains("<word ") {
            func attribute(_ name: String) -> Double {
                guard let range = line.range(of: "\(name)=\"") else { return .nan }
                return Double(line[range.upperBound...].prefix { $0 != "\"" }) ?? .nan
            }
            guard let open = line.range(of: "\">"), let close = line.range(of: "</word>") else { continue }
            let text = String(line[open.upperBound..<close.lowerBound])
                .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&apos;", with: "'")
            words.append(
                Word(
                    text: text.precomposedStringWithCanonicalMapping, xMin: attribute("xMin"), yMin: attribute("yMin"),
                    xMax: attribute("xMax"), yMax: attribute("yMax")))
        }
        return words
    }

    /// The structure tree with its text, as `pdfinfo -struct-text` prints it.
    public func structureText() throws -> String { try run("pdfinfo", ["-struct-text"]) }

    /// The document information, as `pdfinfo -isodates` prints it.
    public func info() throws -> String { try run("pdfinfo", ["-isodates"]) }

    /// Every object's dictionary, the latest version of each, as `qpdf --json=2` reads them.
    public func objects() throws -> [[String: Any]] {
        let json = try ExternalTool.run("qpdf", ["--json=2", "--json-key=qpdf", url.path])
        guard json.status == 0,
            let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any],
            let qpdf = root["qpdf"] as? [Any], qpdf.count > 1, let objects = qpdf[1] as? [String: Any]
        else { throw ToolFailure(description: "qpdf --json failed: \(json.stderr)") }
        return objects.keys.sorted().compactMap { (objects[$0] as? [String: Any])?["value"] as? [String: Any] }
    }

    /// A tool that did not run cleanly.
    public struct ToolFailure: Error, CustomStringConvertible {
        public var description: String
    }
}
