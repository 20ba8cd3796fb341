public import CPDCore
public import Foundation

/// The log key's signed word on one certificate's status at one checkpoint: what an inclusion
/// proof cannot give, since it shows that an entry is in the log but never that one is absent.
/// `cpdcert bundle` signs it; `verify-bundle` checks it offline, so a bundle whose revocation
/// entry was cut out still reads as revoked.
///
/// The note body, one value a line (the first line keeps it apart from a checkpoint):
/// ```
/// cpdcert-status/1
/// policyforesight.example.org/cpdcert
/// 42
/// <root hash, base64>
/// DP6X-K3QM-...
/// revoked
/// 2026-11-29T09:30:00Z
/// ```
public struct StatusStatement: Hashable, Sendable {
    /// The first line of every statement.
    public static let header = "cpdcert-status/1"

    /// The log's origin (the key name).
    public var origin: String
    /// The checkpoint the status holds at: its tree size and root hash.
    public var size: Int
    public var root: CPDCore.SHA256Digest
    public var certificateID: String
    public var status: CertificateStatus
    /// When the statement was signed (UTC, whole seconds).
    public var signedAt: Date

    /// Creates a statement.
    public init(origin: String, size: Int, root: CPDCore.SHA256Digest, certificateID: String, status: CertificateStatus, signedAt: Date) {
        self.origin = origin
        self.size = size
        self.root = root
        self.certificateID = certificateID
        self.status = status
        self.signedAt = signedAt
    }

    /// The note body the signature covers.
    public var body: String {
        [
            Self.header, origin, String(size), Data(root.bytes).base64EncodedString(), certificateID, status.rawValue,
            TransparencyEntry.timestamp(signedAt),
        ].map { $0 + "\n" }.joined()
    }

    /// Parses a note body.
    init(body: String) throws(LedgerError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 8, lines[0] == Self.header, lines[7].isEmpty, let size = Int(lines[2]), size >= 0,
            let rootBytes = Data(base64Encoded: lines[3]), let root = CPDCore.SHA256Digest(bytes: [UInt8](rootBytes)),
            let status = CertificateStatus(rawValue: lines[5]),
            let signedAt = try? Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).parse(lines[6])
        else {
            throw .badBundle("the status statement is not '\(Self.header)', origin, size, root, ID, status and time on seven lines")
        }
        self.init(origin: lines[1], size: size, root: root, certificateID: lines[4], status: status, signedAt: signedAt)
    }
}

extension LogVerifier {
    /// Parses the signed statement `note` and checks this key's signature on it.
    /// - Throws: `LedgerError` naming what is wrong.
    public func verify(statement note: String) throws(LedgerError) -> StatusStatement {
        let body: String
        do {
            body = try verifiedBody(of: note)
        } catch {
            guard case .badCheckpoint(let message) = error else { throw error }
            throw .badBundle("the status statement: \(message)")
        }
        let statement = try StatusStatement(body: body)
        guard statement.origin == name else {
            throw .badBundle("the status statement's origin '\(statement.origin)' is not the key's name '\(name)'")
        }
        return statement
    }
}
