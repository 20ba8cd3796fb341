// Times proofs over a registry of COUNT log entries, at the log's full size: inclusion proofs of
// random entries and consistency proofs from random earlier sizes, made from the stored tree
// through the TransparencyLog port (as `cpdcert serve` and `cpdcert proof` make them), each one
// verified. With --old N, also N of each the way cpdcert made them before the tree was stored:
// read every leaf hash, then rebuild (FullRebuildMerkle).
//
//   cpdcert-proof-benchmark REGISTRY COUNT [PROOFS] [--old N]
//
// The registry is grown to COUNT entries first if it has fewer, with attendance records inserted
// through SQLiteCertificateRegistry.recordAttendance in batches (see Samples.fillLog).
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var old = 0
if let flag = arguments.firstIndex(of: "--old"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
    old = value
    arguments.removeSubrange(flag...(flag + 1))
}
guard (2...3).contains(arguments.count), let count = Int(arguments[1]), count > 1,
    let proofs = arguments.count == 3 ? Int(arguments[2]) : 1000, proofs > 0
else {
    FileHandle.standardError.write(Data("usage: cpdcert-proof-benchmark REGISTRY COUNT [PROOFS] [--old N]\n".utf8))
    exit(64)
}

let registry = try SQLiteCertificateRegistry(path: arguments[0])
let fillStart = ContinuousClock.now
try await Samples.fillLog(registry, to: count, batch: 10_000) { FileHandle.standardError.write(Data("\r\($0) of \(count)".utf8)) }
let size = try await registry.logSize()
print("log entries: \(size) (grown in \(ContinuousClock.now - fillStart))")
let root = try await registry.rootHash(size: size)

/// A fixed sequence of positions (SplitMix64), the same for every measurement.
struct Positions {
    var state: UInt64 = 2026

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// Makes `times` proofs with `prove`, each for a fresh draw, timing only `prove`; checks each
/// with `verify` after its clock stops; prints the median, p90 and p99 in µs.
func measure(
    _ label: String, times: Int, prove: (Int) async throws -> [SHA256Digest], verify: (Int, [SHA256Digest]) async throws -> Bool
) async throws {
    var micros: [Double] = []
    micros.reserveCapacity(times)
    var positions = Positions()
    for _ in 0..<times {
        let position = positions.next(below: size)
        let start = ContinuousClock.now
        let proof = try await prove(position)
        let elapsed = ContinuousClock.now - start
        guard try await verify(position, proof) else { fatalError("\(label): the proof for \(position) did not verify") }
        micros.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    micros.sort()
    func percentile(_ p: Double) -> Double { micros[min(micros.count - 1, Int(Double(micros.count) * p))] }
    let figures = String(
        format: "%6d proofs  median %10.1f µs  p90 %10.1f µs  p99 %10.1f µs", times, percentile(0.5), percentile(0.9), percentile(0.99))
    print(label.padding(toLength: 28, withPad: " ", startingAt: 0) + figures)
}

/// Entry `index`'s proof leads to the root.
func inclusionVerifies(_ index: Int, _ proof: [SHA256Digest]) async throws -> Bool {
    let leaf = try await registry.logEntries(index..<(index + 1))[0].leafHash
    return MerkleTree.verifyInclusion(leaf: leaf, index: index, size: size, proof: proof, root: root)
}

/// The tree of `position + 1` entries is a prefix of the whole.
func consistencyVerifies(_ position: Int, _ proof: [SHA256Digest]) async throws -> Bool {
    let oldRoot = try await registry.rootHash(size: position + 1)
    return MerkleTree.verifyConsistency(oldSize: position + 1, newSize: size, oldRoot: oldRoot, newRoot: root, proof: proof)
}

try await measure(
    "inclusion (stored tree)", times: proofs, prove: { try await registry.inclusionProof(index: $0, size: size) },
    verify: inclusionVerifies)
try await measure(
    "consistency (stored tree)", times: proofs, prove: { try await registry.consistencyProof(oldSize: $0 + 1, newSize: size) },
    verify: consistencyVerifies)
if old > 0 {
    try await measure(
        "inclusion (full rebuild)", times: old,
        prove: { FullRebuildMerkle.inclusionProof(index: $0, size: size, leaves: try await registry.leafHashes(size: size)) },
        verify: inclusionVerifies)
    try await measure(
        "consistency (full rebuild)", times: old,
        prove: { FullRebuildMerkle.consistencyProof(oldSize: $0 + 1, newSize: size, leaves: try await registry.leafHashes(size: size)) },
        verify: consistencyVerifies)
}
