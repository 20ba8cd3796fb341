import CPDCore
import CPDTestSupport
import Testing

@Suite struct CertificateIDTests {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    @Test func printedFormIsFiveGroupsOfFourFromCrockfordsAlphabet() {
        let ids = SeededRandomSource(seed: 1)
        for _ in 0..<200 {
            let id = ids.certificateID()
            let groups = id.description.split(separator: "-")
            #expect(groups.count == 5)
            #expect(groups.allSatisfy { $0.count == 4 })
            #expect(id.compact.count == 20)
            #expect(id.compact.allSatisfy { Self.alphabet.contains($0) })
            #expect(id.description.replacingOccurrences("-", "") == id.compact)
        }
    }

    @Test func carriesAtLeast80RandomBits() {
        // 19 payload symbols of 5 bits each.
        #expect(CertificateID.payloadLength * 5 >= 80)
    }

    @Test func everySingleSubstitutionIsCaught() throws {
        let ids = SeededRandomSource(seed: 7)
        var checked = 0
        for _ in 0..<300 {
            let original = Array(ids.certificateID().compact)
            for position in original.indices {
                for replacement in Self.alphabet where replacement != original[position] {
                    var typo = original
                    typo[position] = replacement
                    #expect(throws: CertificateIDError.checkMismatch) { try CertificateID(parsing: String(typo)) }
                    checked += 1
                }
            }
        }
        #expect(checked == 300 * 20 * 31)
    }

    @Test func everyAdjacentTranspositionIsCaught() throws {
        let ids = SeededRandomSource(seed: 9)
        var checked = 0
        for _ in 0..<3000 {
            let original = Array(ids.certificateID().compact)
            for position in 0..<(original.count - 1) where original[position] != original[position + 1] {
                var typo = original
                typo.swapAt(position, position + 1)
                #expect(throws: CertificateIDError.checkMismatch) { try CertificateID(parsing: String(typo)) }
                checked += 1
            }
        }
        #expect(checked > 50_000)
    }

    @Test func parsingForgivesCaseSeparatorsAndLookAlikes() throws {
        let id = SeededRandomSource(seed: 3).certificateID()
        #expect(try CertificateID(parsing: id.compact.lowercased()) == id)
        #expect(try CertificateID(parsing: id.description) == id)
        let spaced = id.description.replacingOccurrences("-", " ")
        #expect(try CertificateID(parsing: "  \(spaced) ") == id)
        let lookAlikes = id.compact.replacingOccurrences("0", "O").replacingOccurrences("1", "l")
        #expect(try CertificateID(parsing: lookAlikes) == id)
        #expect(try CertificateID(parsing: id.compact.replacingOccurrences("1", "I")) == id)
    }

    @Test(arguments: [
        ("", CertificateIDError.wrongLength(0)),
        ("ABCD-EFGH", .wrongLength(8)),
        ("ABCD-EFGH-JKMN-PQRS-TVWX-YZ", .wrongLength(21)),
        ("ABCD-EFGH-JKMN-PQRS-TVWU", .invalidCharacter("U")),
        ("ABCD-EFGH-JKMN-PQRS-TV*X", .invalidCharacter("*")),
        ("ABCD-EFGH-JKMN-PQRS-TVÉX", .invalidCharacter("É")),
    ])
    func malformedTextIsRejectedWithItsReason(text: String, expected: CertificateIDError) {
        #expect(throws: expected) { try CertificateID(parsing: text) }
    }

    @Test func mistypedMessageSaysSo() {
        #expect(CertificateIDError.checkMismatch.description.contains("mistyped"))
    }

    @Test func systemGeneratorGivesDistinctIDs() {
        let generator = SystemRandomSource()
        var seen = Set<CertificateID>()
        for _ in 0..<100_000 { seen.insert(generator.certificateID()) }
        #expect(seen.count == 100_000)
    }

    @Test func systemIDsAlwaysParseBack() throws {
        let generator = SystemRandomSource()
        for _ in 0..<1000 {
            let id = generator.certificateID()
            #expect(try CertificateID(parsing: id.description) == id)
        }
    }
}
