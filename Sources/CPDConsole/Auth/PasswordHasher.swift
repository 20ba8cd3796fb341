import Foundation
import HummingbirdBcrypt

/// Passwords kept as bcrypt hashes (HummingbirdBcrypt), never as text.
struct PasswordHasher: Sendable {
    let cost: UInt8

    func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches `hash`; with no hash (unknown account, password never set) a
    /// hash is still checked, so the answer takes as long either way.
    func verify(_ password: String, hash: String?) -> Bool {
        guard let hash else {
            _ = Bcrypt.verify(password, hash: Self.decoy(cost: cost))
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// A hash no password is checked against for real.
    private static func decoy(cost: UInt8) -> String {
        DecoyHash.shared.hash(cost: cost)
    }
}

/// One decoy hash per cost, made once.
private final class DecoyHash: @unchecked Sendable {
    // @unchecked: `hashes` is only touched while holding `lock`.
    static let shared = DecoyHash()
    private let lock = NSLock()
    private var hashes: [UInt8: String] = [:]

    func hash(cost: UInt8) -> String {
        lock.withLock {
            if let found = hashes[cost] { return found }
            let made = Bcrypt.hash(ConsoleSecrets.newToken(), cost: cost)
            hashes[cost] = made
            return made
        }
    }
}
