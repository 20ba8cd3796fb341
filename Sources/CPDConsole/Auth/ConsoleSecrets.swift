import Crypto
public import Foundation

/// The console's secrets: set-password links, session cookies, API tokens and the CSRF tokens
/// derived from them. Each is 32 bytes from the system's CSPRNG; only its SHA-256 is stored.
public enum ConsoleSecrets {
    /// A new secret, base64url without padding (43 characters, fit for a cookie or a URL).
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of `token`: its SHA-256 in lower-case hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The CSRF token of the forms a holder of `seed` (a session or pre-sign-in cookie) is shown:
    /// only who can read the cookie can know it, and nothing needs storing.
    public static func csrfToken(for seed: String) -> String {
        hash("cpdcert-console-csrf\u{0}" + seed)
    }

    /// Compares two strings in time that depends on their length only.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
