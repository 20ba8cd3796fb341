/// Crockford's base32 alphabet and the GF(32) check character used by `CertificateID`.
enum CrockfordBase32 {
    /// The symbols, by value, as ASCII bytes.
    static let asciiSymbols: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The value of a symbol, forgiving case and the look-alikes O→0, I→1, L→1.
    static func value(of character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        return value(ascii: ascii)
    }

    /// The value of an ASCII symbol, with the same forgiveness.
    static func value(ascii: UInt8) -> UInt8? {
        guard ascii < 128 else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return ascii - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            return value(ascii: ascii - 32)
        case UInt8(ascii: "O"):
            return 0
        case UInt8(ascii: "I"), UInt8(ascii: "L"):
            return 1
        default:
            return decodeTable[Int(ascii)]
        }
    }

    private static let decodeTable: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 128)
        for (index, symbol) in asciiSymbols.enumerated() {
            table[Int(symbol)] = UInt8(index)
        }
        return table
    }()

    /// The check value that makes Σ αⁱ·sᵢ = 0 over GF(2⁵), i counted from the right, s₀ the check.
    static func checkValue(payload: some BidirectionalCollection<UInt8>) -> UInt8 {
        var sum: UInt8 = 0
        for (offset, value) in payload.reversed().enumerated() {
            sum ^= GF32.multiply(value, GF32.power(offset + 1))
        }
        return sum
    }
}

/// Arithmetic in GF(2⁵) with the primitive polynomial x⁵ + x² + 1.
enum GF32 {
    private static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 62)
        var value: UInt8 = 1
        for index in 0..<31 {
            table[index] = value
            table[index + 31] = value
            value <<= 1
            if value & 0x20 != 0 { value ^= 0x25 }
        }
        return table
    }()

    private static let log: [Int] = {
        var table = [Int](repeating: 0, count: 32)
        for index in 0..<31 { table[Int(exp[index])] = index }
        return table
    }()

    /// α raised to `exponent` (α has order 31).
    static func power(_ exponent: Int) -> UInt8 { exp[exponent % 31] }

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }
}
