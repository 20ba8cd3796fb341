/// A certificate's public identifier: 95 random bits in Crockford base32 and a check character.
///
/// The printed form is five groups of four characters, the last character being the check:
/// ```swift
/// let id = CertificateID.random(using: &generator)
/// print(id)                                   // "7K3M-Q9XD-2FPA-H4TZ-0B6N"
/// let same = try CertificateID(parsing: "7k3m q9xd 2fpa h4tz ob6n")
/// ```
/// The check character is a weighted sum over GF(32) (weight αⁱ for the i-th symbol from the
/// right, α a primitive element), so every single-character substitution and every adjacent
/// transposition changes the sum and is caught.
public struct CertificateID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Number of random symbols before the check character.
    public static let payloadLength = 19
    /// Number of symbols in the compact form, check character included.
    public static let length = payloadLength + 1

    /// The 20 symbols, upper case, without separators (the form stored in the registry).
    public let compact: String

    private init(validated compact: String) {
        self.compact = compact
    }

    /// The grouped form printed on certificates: `XXXX-XXXX-XXXX-XXXX-XXXX`.
    public var description: String {
        // By byte (the compact form is ASCII): appending Characters was a visible part of an
        // API lookup.
        String(unsafeUninitializedCapacity: Self.length + Self.length / 4 - 1) { buffer in
            var count = 0
            for (index, byte) in compact.utf8.enumerated() {
                if index > 0 && index % 4 == 0 {
                    buffer[count] = UInt8(ascii: "-")
                    count += 1
                }
                buffer[count] = byte
                count += 1
            }
            return count
        }
    }

    public static func < (lhs: CertificateID, rhs: CertificateID) -> Bool {
        lhs.compact < rhs.compact
    }

    /// Makes a new identifier from `generator` (pass `SystemRandomNumberGenerator` in production).
    public static func random(using generator: inout some RandomNumberGenerator) -> CertificateID {
        var values: [UInt8] = []
        values.reserveCapacity(length)
        var bits = generator.next()
        var available = 64
        for _ in 0..<payloadLength {
            if available < 5 {
                bits = generator.next()
                available = 64
            }
            values.append(UInt8(truncatingIfNeeded: bits & 0x1F))
            bits >>= 5
            available -= 5
        }
        values.append(CrockfordBase32.checkValue(payload: values))
        return CertificateID(validated: compactText(values))
    }

    /// Parses an identifier as a person would type it.
    ///
    /// Case, spaces and hyphens are ignored; `O` reads as `0` and `I`/`L` as `1`.
    /// - Throws: `CertificateIDError` saying whether the text is malformed or probably mistyped.
    public init(parsing text: String) throws(CertificateIDError) {
        var values: [UInt8] = []
        values.reserveCapacity(Self.length)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every ID): read bytes, not grapheme clusters; same rules and errors.
            for byte in text.utf8 {
                if byte == UInt8(ascii: "-") || byte == 0x20 || (0x09...0x0D).contains(byte) { continue }
                guard let value = CrockfordBase32.value(ascii: byte) else {
                    throw .invalidCharacter(Character(Unicode.Scalar(byte)))
                }
                values.append(value)
                if values.count > Self.length { throw .wrongLength(values.count) }
            }
            try self.init(values: values)
            return
        }
        for character in text {
            if character == "-" || character.isWhitespace { continue }
            guard let value = CrockfordBase32.value(of: character) else {
                throw .invalidCharacter(character)
            }
            values.append(value)
            if values.count > Self.length { throw .wrongLength(values.count) }
        }
        try self.init(values: values)
    }

    /// From the symbols' values: checks the length and the check character.
    private init(values: [UInt8]) throws(CertificateIDError) {
        guard values.count == Self.length else { throw .wrongLength(values.count) }
        guard CrockfordBase32.checkValue(payload: values[..<Self.payloadLength]) == values[Self.payloadLength] else {
            throw .checkMismatch
        }
        self.init(validated: Self.compactText(values))
    }

    /// The compact form of the symbols' `values`, written by byte.
    private static func compactText(_ values: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: values.count) { buffer in
            for (index, value) in values.enumerated() { buffer[index] = CrockfordBase32.asciiSymbols[Int(value)] }
            return values.count
        }
    }
}

/// Why a text is not a certificate ID.
public enum CertificateIDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character outside Crockford base32 (after the lenient mappings).
    case invalidCharacter(Character)
    /// Not 20 symbols once separators are removed.
    case wrongLength(Int)
    /// Well-formed, but the check character does not match: almost certainly a typing error.
    case checkMismatch

    public var description: String {
        switch self {
        case .invalidCharacter(let character):
            let scalars = character.unicodeScalars
                .map { "U+" + String($0.value, radix: 16, uppercase: true) }
                .joined(separator: " ")
            return
                "'\(character)' (\(scalars)) cannot appear in a certificate ID; IDs use the digits and the letters A-Z without I, L, O and U"
        case .wrongLength(let count):
            return "a certificate ID has \(CertificateID.length) letters and digits (five groups of four), found \(count)"
        case .checkMismatch:
            return "this ID looks mistyped: its check character does not match; compare it character by character with the certificate"
        }
    }
}
