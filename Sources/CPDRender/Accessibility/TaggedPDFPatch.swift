import CPDCore
import Foundation

/// Adds to a finished cairo PDF what cairo 1.16 cannot write: the document's language and
/// `DisplayDocTitle` in the catalog, and alternative text and language on structure elements.
///
/// It appends an incremental update (PDF 1.7, 7.5.6): new versions of the changed objects, an
/// xref section for them and a trailer that points to the previous one. Nothing cairo wrote is
/// moved, and the result depends only on the input, so output stays byte-identical.
///
/// cairo writes structure elements depth first, in the order they were opened, as plain
/// objects beginning `<< /Type /StructElem` then `/S /Type`; the patch pairs them with the
/// elements `StructureTags` recorded and fails if the two lists differ.
struct TaggedPDFPatch {
    /// The document's language (BCP 47).
    var language: String
    /// The structure elements as drawn.
    var elements: [StructureTags.Element]

    func apply(to pdf: Data) throws(RenderError) -> Data {
        let bytes = [UInt8](pdf)
        guard let trailerStart = bytes.lastRange(of: "trailer"), let startxref = bytes.lastRange(of: "startxref") else {
            throw RenderError.cairo("the PDF has no trailer to amend")
        }
        let trailer = String(decoding: bytes[trailerStart.upperBound..<startxref.lowerBound], as: UTF8.self).trimmingWhitespace()
        let previous = String(decoding: bytes[startxref.upperBound...], as: UTF8.self).split(whereSeparator: \.isWhitespace).first
        guard trailer.hasSuffix(">>"), let previous, let previousOffset = Int(previous), let root = Self.reference("/Root", in: trailer),
            let catalog = Self.object(root, in: bytes)
        else {
            throw RenderError.cairo("the PDF's trailer has no catalog to amend")
        }

        var replaced: [Int: String] = [:]
        var catalogEntries: [String] = []
        if !catalog.contains("/ViewerPreferences") { catalogEntries.append("/ViewerPreferences << /DisplayDocTitle true >>") }
        if Self.isPlainLanguage(language) && !catalog.contains("/Lang") { catalogEntries.append("/Lang (\(language))") }
        replaced[root] = Self.adding(catalogEntries, to: catalog)

        let written = Self.structureElements(in: bytes)
        guard written.map(\.type) == elements.map(\.type) else {
            throw RenderError.cairo(
                "the PDF's structure tree (\(written.count) elements) does not match what was drawn (\(elements.count)); cannot add alternative text"
            )
        }
        for (object, element) in zip(written, elements) {
            var entries: [String] = []
            if let alt = element.alternativeText, !object.dictionary.contains("/Alt") { entries.append("/Alt \(Self.textString(alt))") }
            if let language = element.language, Self.isPlainLanguage(language) { entries.append("/Lang (\(language))") }
            if !entries.isEmpty { replaced[object.number] = Self.adding(entries, to: object.dictionary) }
        }

        var update = "\n"
        var offsets: [(Int, Int)] = []
        for number in replaced.keys.sorted() {
            offsets.append((number, bytes.count + update.utf8.count))
            update += "\(number) 0 obj\n\(replaced[number]!)\nendobj\n"
        }
        let xref = bytes.count + update.utf8.count
        update += "xref\n"
        for (number, offset) in offsets {
            let padded = String(offset).leftPadded(to: 10)
            update += "\(number) 1\n\(padded) 00000 n \n"
        }
        update += "trailer\n\(Self.adding(["/Prev \(previousOffset)"], to: trailer))\nstartxref\n\(xref)\n%%EOF\n"
        return pdf + Data(update.utf8)
    }

    /// A structure element object as cairo wrote it.
    private struct WrittenElement {
        var number: Int
        var type: String
        var dictionary: String
    }

    private static func structureElements(in bytes: [UInt8]) -> [WrittenElement] {
        let marker = Array("obj\n<< /Type /StructElem".utf8)
        var found: [WrittenElement] = []
        var searchFrom = 0
        while let range = bytes.firstRange(of: marker, from: searchFrom) {
            searchFrom = range.upperBound
            guard let lineStart = bytes[..<range.lowerBound].lastIndex(of: UInt8(ascii: "\n")),
                let number = Int(
                    String(decoding: bytes[(lineStart + 1)..<range.lowerBound], as: UTF8.self).split(separator: " ").first ?? ""),
                let dictionary = object(number, in: bytes, at: lineStart)
            else { continue }
            let type = dictionary.components(separatedBy: "/S /").dropFirst().first?.prefix { $0.isLetter || $0.isNumber } ?? ""
            found.append(WrittenElement(number: number, type: String(type), dictionary: dictionary))
        }
        return found
    }

    /// The dictionary of object `number` (its last definition, or the one at `position`).
    private static func object(_ number: Int, in bytes: [UInt8], at position: Int? = nil) -> String? {
        let header = Array("\n\(number) 0 obj\n".utf8)
        guard let start = position.map({ $0..<($0 + header.count) }) ?? bytes.lastRange(of: header),
            let end = bytes.firstRange(of: Array("\nendobj".utf8), from: start.upperBound)
        else { return nil }
        let body = String(decoding: bytes[start.upperBound..<end.lowerBound], as: UTF8.self).trimmingWhitespace()
        return body.hasPrefix("<<") && body.hasSuffix(">>") ? body : nil
    }

    /// `dictionary` with `entries` added before its closing `>>`.
    private static func adding(_ entries: [String], to dictionary: String) -> String {
        guard !entries.isEmpty else { return dictionary }
        return String(dictionary.dropLast(2)) + entries.map { "   \($0)\n" }.joined() + ">>"
    }

    /// The object number of an indirect reference such as `/Root 42 0 R`.
    private static func reference(_ key: String, in dictionary: String) -> Int? {
        guard let range = dictionary.range(of: key + " ") else { return nil }
        return Int(dictionary[range.upperBound...].prefix { $0.isNumber })
    }

    /// A PDF text string in UTF-16BE with a byte-order mark, as hex.
    private static func textString(_ text: String) -> String {
        let hex = text.utf16.map { String($0, radix: 16, uppercase: true).leftPadded(to: 4) }.joined()
        return "<FEFF\(hex)>"
    }

    /// True for a BCP 47 tag that can go in a PDF literal string as is.
    private static func isPlainLanguage(_ tag: String) -> Bool {
        !tag.isEmpty
            && tag.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }
}

extension [UInt8] {
    fileprivate func firstRange(of pattern: [UInt8], from start: Int = 0) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count, start <= count - pattern.count else { return nil }
        var index = start
        while index <= count - pattern.count {
            if self[index] == pattern[0] && self[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index..<(index + pattern.count)
            }
            index += 1
        }
        return nil
    }

    fileprivate func lastRange(of pattern: [UInt8]) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count else { return nil }
        var index = count - pattern.count
        while index >= 0 {
            if self[index] == pattern[0] && self[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index..<(index + pattern.count)
            }
            index -= 1
        }
        return nil
    }

    fileprivate func lastRange(of text: String) -> Range<Int>? { lastRange(of: Array(text.utf8)) }
}
