import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256Digest(hashing: Array(message.utf8)).hex == digest)
    }

    @Test func oneMillionAs() {
        #expect(
            SHA256Digest(hashing: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func everyLengthAroundTheBlockBoundaryHashesDifferently() {
        let digests = (50...70).map { SHA256Digest(hashing: [UInt8](repeating: 0x61, count: $0)) }
        #expect(Set(digests).count == digests.count)
    }
}

@Suite struct CanonicalJSONTests {
    @Test func keysAreSortedByBytesAndNothingIsPadded() {
        let value = CanonicalJSON.object([
            "b": .integer(-2), "a": .array([.string("x"), .null, .bool(true)]), "Z": .string("é\n\"\\"),
        ])
        #expect(String(decoding: value.bytes, as: UTF8.self) == #"{"Z":"é\u000a\"\\","a":["x",null,true],"b":-2}"#)
    }

    @Test func anIssueEntryNeverContainsTheEmail() {
        let certificate = Samples.certificate("Siân Llywelyn", index: 3)
        let text = String(decoding: TransparencyEntry.issued(certificate).canonicalBytes, as: UTF8.self)
        #expect(!text.contains("@"))
        #expect(text.contains(#""type":"certificate-issued","version":1"#))
        #expect(text.contains(TransparencyEntry.identityCommitment(certificate).hex))
    }

    /// The operator is one more field of the certificate object, and only when recorded: the
    /// entry of a certificate without one is the entry as written before operators were
    /// (CertificateIssuedByMigrationTests checks that against a registry an older cpdcert wrote).
    @Test func anIssueEntryNamesItsOperatorOnlyWhenOneIsRecorded() throws {
        let without = Samples.certificate("Ọlásùnkànmí Adéwálé", index: 2)
        var with = without
        with.issuedBy = "trefnydd@example.org"
        let plain = String(decoding: TransparencyEntry.issued(without).canonicalBytes, as: UTF8.self)
        let named = String(decoding: TransparencyEntry.issued(with).canonicalBytes, as: UTF8.self)
        #expect(!plain.contains("operator"))
        let field = #""operator":"trefnydd@example.org","#
        #expect(named.contains(field + #""pdf_sha256":"#), "keys stay sorted: \(named)")
        #expect(named.replacingOccurrences(field, "") == plain)
    }

    @Test func theSameRecordAlwaysGivesTheSameBytes() {
        let certificate = Samples.certificate("王秀英")
        #expect(TransparencyEntry.issued(certificate).canonicalBytes == TransparencyEntry.issued(certificate).canonicalBytes)
        var edited = certificate
        edited.content.attendeeName = "王秀"
        #expect(TransparencyEntry.issued(certificate).canonicalBytes != TransparencyEntry.issued(edited).canonicalBytes)
    }
}

/// RFC 9162 verification written again from the RFC's text (section 2.1), independently of
/// `MerkleTree`: roots by the recursive definition over raw entries, proofs checked by
/// recomputing the root from the path the way section 2.1.3.2 and 2.1.4.2 describe.
enum IndependentRFC9162 {
    static func hash(_ bytes: [UInt8]) -> [UInt8] { SHA256Digest(hashing: bytes).bytes }

    /// MTH(D[n]) straight from the definition.
    static func mth(_ entries: ArraySlice<[UInt8]>) -> [UInt8] {
        if entries.isEmpty { return hash([]) }
        if entries.count == 1 { return hash([0] + entries.first!) }
        var k = 1
        while k * 2 < entries.count { k *= 2 }
        let middle = entries.startIndex + k
        return hash([1] + mth(entries[entries.startIndex..<middle]) + mth(entries[middle...]))
    }

    /// 2.1.3.2, step by step.
    static func verifyInclusion(index: Int, size: Int, leaf: [UInt8], path: [[UInt8]], root: [UInt8]) -> Bool {
        if index >= size { return false }
        var fn = index
        var sn = size - 1
        var r = leaf
        for p in path {
            if sn == 0 { return false }
            if fn % 2 == 1 || fn == sn {
                r = hash([1] + p + r)
                if fn % 2 == 0 {
                    repeat {
                        fn /= 2
                        sn /= 2
                    } while fn % 2 == 0 && fn != 0
                }
            } else {
                r = hash([1] + r + p)
            }
            fn /= 2
            sn /= 2
        }
        return sn == 0 && r == root
    }

    /// 2.1.4.2, step by step.
    static func verifyConsistency(first: Int, second: Int, firstHash: [UInt8], secondHash: [UInt8], proof: [[UInt8]]) -> Bool {
        var proof = proof
        if first == second { return proof.isEmpty && firstHash == secondHash }
        if first & (first - 1) == 0 { proof.insert(firstHash, at: 0) }
        guard let start = proof.first else { return false }
        var fn = first - 1
        var sn = second - 1
        while fn % 2 == 1 {
            fn /= 2
            sn /= 2
        }
        var fr = start
        var sr = start
        for c in proof.dropFirst() {
            if sn == 0 { return false }
            if fn % 2 == 1 || fn == sn {
                fr = hash([1] + c + fr)
                sr = hash([1] + c + sr)
                if fn % 2 == 0 {
                    repeat {
                        fn /= 2
                        sn /= 2
                    } while fn % 2 == 0 && fn != 0
                }
            } else {
                sr = hash([1] + sr + c)
            }
            fn /= 2
            sn /= 2
        }
        return fr == firstHash && sr == secondHash && sn == 0
    }
}

@Suite struct MerkleTreeTests {
    static let entries = (0..<33).map { Array("entry \($0)".utf8) }
    static let leaves = entries.map(MerkleTree.leafHash)
    static let tree = MerkleLevels(leaves: leaves)

    @Test func rootsMatchTheRFCDefinitionForEverySize() {
        for size in 0...Self.entries.count {
            #expect(MerkleTree.root(Self.leaves, size: size).bytes == IndependentRFC9162.mth(Self.entries[0..<size]), "size \(size)")
            if size > 0 {
                #expect(Self.tree.proof(.root(size: size)) == [MerkleTree.root(Self.leaves, size: size)], "size \(size)")
            }
        }
    }

    @Test func everyInclusionProofVerifiesIndependentlyAndAFlippedBitFails() {
        for size in 1...Self.entries.count {
            let root = MerkleTree.root(Self.leaves, size: size)
            for index in 0..<size {
                let path = Self.tree.proof(.inclusion(index: index, size: size))
                #expect(
                    IndependentRFC9162.verifyInclusion(
                        index: index, size: size, leaf: Self.leaves[index].bytes, path: path.map(\.bytes), root: root.bytes))
                #expect(MerkleTree.verifyInclusion(leaf: Self.leaves[index], index: index, size: size, proof: path, root: root))
                if let first = path.first {
                    var bent = first.bytes
                    bent[0] ^= 1
                    let tampered = [SHA256Digest(bytes: bent)!] + path.dropFirst()
                    #expect(!MerkleTree.verifyInclusion(leaf: Self.leaves[index], index: index, size: size, proof: tampered, root: root))
                }
                #expect(
                    !MerkleTree.verifyInclusion(
                        leaf: Self.leaves[(index + 1) % Self.leaves.count], index: index, size: size, proof: path, root: root))
            }
        }
    }

    @Test func everyConsistencyProofVerifiesIndependently() {
        for new in 1...Self.entries.count {
            for old in 1...new {
                let proof = Self.tree.proof(.consistency(oldSize: old, newSize: new))
                let oldRoot = MerkleTree.root(Self.leaves, size: old)
                let newRoot = MerkleTree.root(Self.leaves, size: new)
                #expect(
                    IndependentRFC9162.verifyConsistency(
                        first: old, second: new, firstHash: oldRoot.bytes, secondHash: newRoot.bytes, proof: proof.map(\.bytes)))
                #expect(MerkleTree.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof))
            }
        }
    }

    @Test func aRewrittenPastEntryBreaksConsistency() {
        var rewritten = Self.leaves
        rewritten[3] = MerkleTree.leafHash(Array("forged".utf8))
        let oldRoot = MerkleTree.root(Self.leaves, size: 10)
        let proof = MerkleLevels(leaves: rewritten).proof(.consistency(oldSize: 10, newSize: 20))
        #expect(
            !MerkleTree.verifyConsistency(
                oldSize: 10, newSize: 20, oldRoot: oldRoot, newRoot: MerkleTree.root(rewritten, size: 20), proof: proof))
        #expect(
            !IndependentRFC9162.verifyConsistency(
                first: 10, second: 20, firstHash: oldRoot.bytes, secondHash: MerkleTree.root(rewritten, size: 20).bytes,
                proof: proof.map(\.bytes)))
    }
}
