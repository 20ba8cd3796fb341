// Fills a registry with synthetic certificates of the example event, fast: content is composed
// in code (no PDF is rendered) and rows go in through `SQLiteCertificateRegistry.insert` in big
// batches. Writes the IDs, one per line, for wrk's random-ID script.
//
//   cpdcert-synthetic-registry REGISTRY COUNT IDS_FILE
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: cpdcert-synthetic-registry REGISTRY COUNT IDS_FILE\n".utf8))
    exit(64)
}
let registry = try SQLiteCertificateRegistry(path: arguments[1])
let composer = try CertificateComposer(event: Samples.event)
let random = SeededRandomSource(seed: 2026)
let issuedAt = FixedClock().now
let batchSize = 5000
var written: [String] = []
written.reserveCapacity(count)
let start = Date()
var index = 0
while index < count {
    var batch: [Certificate] = []
    for offset in index..<min(count, index + batchSize) {
        let name = "\(Samples.names[offset % Samples.names.count]) \(offset)"
        let attendee = Samples.attendee(name, index: offset)
        let id = random.certificateID()
        let content = try composer.content(for: attendee, id: id, issuedAt: issuedAt)
        batch.append(
            Certificate(
                id: id, eventID: Samples.event.id, identity: attendee.identity, content: content,
                eligibility: Eligibility(evidence: Samples.evidence(attendee, minutes: 180 + offset % 30), event: Samples.event),
                evidenceSHA256: nil, templateName: Samples.event.templateName, templateSHA256: String(repeating: "0", count: 64),
                pdfSHA256: SHA256Digest(hashing: Array("synthetic certificate \(offset)".utf8)).hex, issuedAt: issuedAt,
                identitySalt: random.identitySalt()))
        written.append(id.description)
    }
    try await registry.insert(batch)
    index += batch.count
    FileHandle.standardError.write(Data("\r\(index) of \(count)".utf8))
}
try (written.joined(separator: "\n") + "\n").write(toFile: arguments[3], atomically: true, encoding: .utf8)
FileHandle.standardError.write(Data(String(format: "\n%d certificates in %.1f s\n", count, Date().timeIntervalSince(start)).utf8))
