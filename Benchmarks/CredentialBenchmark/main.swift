import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation

// Benchmarks/credentials.sh: the CPU an Open Badges credential adds per certificate (building
// its JSON, and signing it RS256), and the size of the status list for 100,000 certificates.
let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000
let key = try CredentialKey.generate()
let ids = SeededRandomSource()
let certificates = (0..<count).map { Samples.certificate(Samples.names[$0 % Samples.names.count], index: $0, ids: ids) }

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

var start = cpuSeconds()
var built: [OpenBadgeCredential] = []
for (index, certificate) in certificates.enumerated() {
    built.append(try OpenBadgeCredential(certificate: certificate, statusIndex: index, activity: Samples.event.liveWindow))
}
let buildTime = cpuSeconds() - start
start = cpuSeconds()
var bytes = 0
for credential in built { bytes += try credential.signed(with: key).text.utf8.count }
let signTime = cpuSeconds() - start
print("credentials: \(count)")
print(String(format: "build JSON: %.1f µs per certificate", buildTime / Double(count) * 1e6))
print(String(format: "sign RS256: %.1f µs per certificate", signTime / Double(count) * 1e6))
print("average credential: \(bytes / count) bytes")

let issuer = try IssuerIdentity(verificationURL: Samples.event.verificationURL(for: ids.certificateID()))
for revokedShare in [0.0, 0.01, 0.1] {
    var generator = SystemRandomNumberGenerator()
    let revoked = (0..<100_000).filter { _ in Double.random(in: 0..<1, using: &generator) < revokedShare }
    let list = BitstringStatusList(size: 100_000, set: revoked)
    let jws = try CompactJWS.sign(payload: list.credential(issuer: issuer, now: Date()).bytes, key: key, keyID: issuer.keyID(key.publicKey))
    print(
        "status list, 100,000 certificates, \(Int(revokedShare * 100))% revoked: \(list.count) bits (\(list.bytes.count) bytes), "
            + "encodedList \(list.encodedList.utf8.count) characters, signed list \(jws.text.utf8.count) bytes")
}
