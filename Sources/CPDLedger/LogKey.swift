public import CPDCore
import Crypto
import Foundation

/// The organiser's Ed25519 log key in the C2SP signed-note formats:
/// private `PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>`,
/// verifier `<name>+<key id>+<base64(0x01 ‖ public key)>`, where the key id is the first four
/// bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key) in hex.
///
/// ```swift
/// let key = LogKey.generate(name: "policyforesight.example.org/cpdcert")
/// let note = try key.sign(Checkpoint(origin: key.name, size: 10, root: root))
/// ```
public struct LogKey: Sendable {
    /// The key name; also the checkpoint origin.
    public let name: String
    /// The 32-byte seed; the CryptoKit key type is not Sendable, so it is made when needed.
    private let seed: Data
    private var privateKey: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// A new key from the system CSPRNG.
    public static func generate(name: String) throws(LedgerError) -> LogKey {
        try validate(name: name)
        return LogKey(name: name, privateKey: Curve25519.Signing.PrivateKey())
    }

    private init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.seed = privateKey.rawRepresentation
    }

    /// Reads a private key in the signed-note format.
    public init(privateKeyText: String) throws(LedgerError) {
        let parts = privateKeyText.trimmingWhitespace().split(separator: "+", maxSplits: 4).map(String.init)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
            let bytes = Data(base64Encoded: parts[4]), bytes.first == 0x01, bytes.count == 33,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes.dropFirst())
        else { throw .badKey("not a signed-note Ed25519 private key (PRIVATE+KEY+name+id+key)") }
        self.init(name: parts[2], privateKey: key)
        guard keyID == parts[3] else { throw .badKey("the key id does not match the key") }
    }

    /// The private key, for the key file (keep it readable by its owner only).
    public var privateKeyText: String {
        "PRIVATE+KEY+\(name)+\(keyID)+\(Data([0x01] + privateKey.rawRepresentation).base64EncodedString())"
    }

    /// The verifier key to publish.
    public var verifier: LogVerifier {
        LogVerifier(name: name, publicKeyBytes: privateKey.publicKey.rawRepresentation)
    }

    /// 8 hex digits identifying the key.
    public var keyID: String { verifier.keyID }

    /// A signed note of `checkpoint`.
    public func sign(_ checkpoint: Checkpoint) throws(LedgerError) -> String {
        try signNote(body: checkpoint.body)
    }

    /// A signed note of `statement`.
    public func sign(_ statement: StatusStatement) throws(LedgerError) -> String {
        try signNote(body: statement.body)
    }

    /// `body` (non-empty lines, each ending in a newline) followed by a blank line and this key's signature line.
    private func signNote(body: String) throws(LedgerError) -> String {
        guard let signature = try? privateKey.signature(for: Data(body.utf8)) else {
            throw .badKey("signing failed")
        }
        return body + "\n" + "\u{2014} \(name) " + (verifier.keyIDBytes + signature).base64EncodedString() + "\n"
    }

    static func validate(name: String) throws(LedgerError) {
        guard !name.isEmpty, !name.contains("+"), !name.contains(where: { $0.isWhitespace }), name.unicodeScalars.allSatisfy(\.isASCII)
        else {
            throw .badKey("a key name is printable ASCII without spaces or '+', e.g. policyforesight.example.org/cpdcert")
        }
    }
}

/// A published verifier key; checks signed checkpoints.
public struct LogVerifier: Sendable, Equatable {
    public let name: String
    /// The 32-byte Ed25519 public key.
    let publicKeyBytes: Data
    private var publicKey: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes) }

    init(name: String, publicKeyBytes: Data) {
        self.name = name
        self.publicKeyBytes = publicKeyBytes
    }

    /// Reads `<name>+<key id>+<base64(0x01 ‖ key)>`.
    public init(text: String) throws(LedgerError) {
        let parts = text.trimmingWhitespace().split(separator: "+", maxSplits: 2).map(String.init)
        guard parts.count == 3, let bytes = Data(base64Encoded: parts[2]), bytes.first == 0x01, bytes.count == 33,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes.dropFirst())
        else { throw .badKey("not a signed-note Ed25519 verifier key (name+id+key)") }
        self.init(name: parts[0], publicKeyBytes: key.rawRepresentation)
        guard keyID == parts[1] else { throw .badKey("the verifier key's id does not match the key") }
    }

    /// The key in its published form.
    public var text: String {
        "\(name)+\(keyID)+\(Data([0x01] + publicKeyBytes).base64EncodedString())"
    }

    var keyIDBytes: Data {
        var input = Data(name.utf8)
        input.append(0x0A)
        input.append(0x01)
        input.append(publicKeyBytes)
        return Data(Crypto.SHA256.hash(data: input).prefix(4))
    }

    /// 8 hex digits.
    public var keyID: String { keyIDBytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    /// Parses `note` and checks this key's signature on it.
    /// - Throws: `LedgerError.badCheckpoint` naming what is wrong.
    public func verify(note: String) throws(LedgerError) -> Checkpoint {
        let checkpoint = try Checkpoint(body: try verifiedBody(of: note))
        guard checkpoint.origin == name else {
            throw .badCheckpoint("the checkpoint's origin '\(checkpoint.origin)' is not the key's name '\(name)'")
        }
        return checkpoint
    }

    /// The body of the signed note `note` once this key's signature on it is checked. The note is
    /// read strictly (C2SP signed-note): the text ends in a newline and every line after the blank
    /// one is a signature line `— <name> <base64>`; signatures by other keys are skipped.
    /// - Throws: `LedgerError.badCheckpoint` naming what is wrong.
    func verifiedBody(of note: String) throws(LedgerError) -> String {
        guard let split = note.range(of: "\n\n") else { throw .badCheckpoint("no blank line between the note and its signatures") }
        guard note.hasSuffix("\n") else { throw .badCheckpoint("the note does not end with a newline: it was cut or added to") }
        let body = String(note[..<split.lowerBound]) + "\n"
        var signed = false
        for line in note[split.upperBound...].dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0] == "\u{2014}", !fields[1].isEmpty,
                let blob = Data(base64Encoded: String(fields[2])), blob.count > 4
            else { throw .badCheckpoint("'\(line)' is not a signature line ('\u{2014} <key name> <base64 signature>')") }
            guard fields[1] == name, blob.count == 68, blob.prefix(4) == keyIDBytes else { continue }
            guard publicKey.isValidSignature(blob.dropFirst(4), for: Data(body.utf8)) else {
                throw .badCheckpoint("the signature by \(name) does not verify: the note was altered or signed by another key")
            }
            signed = true
        }
        guard signed else { throw .badCheckpoint("no signature by key \(name)+\(keyID)") }
        return body
    }
}

/// A log checkpoint (C2SP tlog-checkpoint): origin, tree size and root hash.
public struct Checkpoint: Hashable, Sendable {
    public var origin: String
    public var size: Int
    public var root: CPDCore.SHA256Digest

    /// Creates a checkpoint.
    public init(origin: String, size: Int, root: CPDCore.SHA256Digest) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// Parses the note body: three lines.
    init(body: String) throws(LedgerError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, let size = Int(lines[1]), size >= 0,
            let rootBytes = Data(base64Encoded: String(lines[2])), let root = CPDCore.SHA256Digest(bytes: [UInt8](rootBytes))
        else { throw .badCheckpoint("the body is not origin, tree size and base64 root hash on three lines") }
        self.init(origin: String(lines[0]), size: size, root: root)
    }

    /// The note body the signature covers.
    public var body: String { "\(origin)\n\(size)\n\(Data(root.bytes).base64EncodedString())\n" }
}

/// Failures of keys, checkpoints, proofs and bundles.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case badKey(String)
    case badCheckpoint(String)
    case badProof(String)
    case badBundle(String)

    public var description: String {
        switch self {
        case .badKey(let message): "log key: \(message)"
        case .badCheckpoint(let message): "checkpoint: \(message)"
        case .badProof(let message): "proof: \(message)"
        case .badBundle(let message): "bundle: \(message)"
        }
    }
}
