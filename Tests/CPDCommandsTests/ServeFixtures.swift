import CPDTestSupport
import Foundation
import Testing

/// What the serve, backup and proxy tests share: the example issued into a folder, and GETs by curl.
enum ServeFixtures {
    static let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// The example event issued into `folder` (exit 65: its malformed rows); the registry and one certificate ID.
    static func issuedExample(in folder: URL) throws -> (registry: String, id: String) {
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let result = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", folder.appendingPathComponent("out").path,
            "--registry", registry,
        ])
        #expect(result.status == 65, "\(result.stderr)")
        let pdf = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).first { $0.hasSuffix(".pdf") })
        return (registry, String(pdf.dropLast(4)))
    }

    /// A GET by curl with `arguments` added: the status, the headers (lower-cased names; a field
    /// sent more than once, such as Set-Cookie, has its values one a line) and the body.
    static func get(_ url: String, _ arguments: [String] = []) throws -> (status: Int, headers: [String: String], body: String) {
        let result = try ExternalTool.run("curl", ["-s", "-D", "/dev/stderr", url] + arguments)
        #expect(result.status == 0, "curl \(url): exit \(result.status)")
        var fields: [String: String] = [:]
        var status = 0
        for line in result.stderr.split(separator: "\r\n") {
            if line.hasPrefix("HTTP/") {
                status = Int(line.split(separator: " ")[1]) ?? 0
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                fields[name] = fields[name].map { $0 + "\n" + value } ?? value
            }
        }
        return (status, fields, result.stdout)
    }
}
