public import CPDCore
import Foundation

/// Who the log says issued each certificate: the `"operator"` of every certificate-issued entry,
/// in log order, nil for an entry that names none.
public enum LoggedIssuers {
    /// Reads the whole of `log`.
    public static func of(_ log: any TransparencyLog) async throws -> [String?] {
        let size = try await log.logSize()
        return try await log.logEntries(0..<size).compactMap { entry -> String?? in
            guard let fields = try JSONSerialization.jsonObject(with: Data(entry.body)) as? [String: Any],
                fields["type"] as? String == "certificate-issued"
            else { return nil }
            return .some((fields["certificate"] as? [String: Any])?["operator"] as? String)
        }
    }
}
