import CPDCore
import Foundation

/// What `cpdcert send` did: sent (or, dry, written), already sent, failed with the reason,
/// skipped (revoked or superseded). Printed as lines or, with `--json`, one JSON object without emails.
struct SendSummary: Encodable {
    struct Item: Encodable {
        var id: CertificateID
        var reason: String
    }

    var eventID: String
    var sent: [CertificateID] = []
    var alreadySent: [CertificateID] = []
    var failed: [Item] = []
    var skipped: [Item] = []

    func print(json: Bool, dryRun: Bool, folder: String) {
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            Console.printJSON(String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self))
            return
        }
        Console.print("Event \(eventID):")
        Console.print((dryRun ? "  written (dry run): " : "  sent now:          ") + "\(sent.count)")
        Console.print("  already sent:      \(alreadySent.count)")
        Console.print("  failed:            \(failed.count)")
        Console.print("  skipped:           \(skipped.count) (revoked or superseded)")
        for item in failed { Console.print(Console.line("FAILED \(item.id): \(item.reason)")) }
        if dryRun && !sent.isEmpty { Console.print("Messages are in \(folder)/ as <ID>.eml; nothing was sent.") }
    }
}
