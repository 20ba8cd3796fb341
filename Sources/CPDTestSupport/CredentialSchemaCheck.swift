public import Foundation

/// 1EdTech's Open Badges 3.0 AchievementCredential JSON Schema, kept as a fixture
/// (Tests/CPDBadgesTests/Fixtures/README.md names its source), checked with Python's
/// `jsonschema` from the test venv: an implementation of the schema that is not ours.
public enum CredentialSchemaCheck {
    /// The schema file.
    public static let schema = Samples.packageRoot.appendingPathComponent(
        "Tests/CPDBadgesTests/Fixtures/ob_v3p0_achievementcredential_schema.json")
    static let script = Samples.packageRoot.appendingPathComponent("Tests/CPDBadgesTests/Fixtures/validate_credential_schema.py")

    /// The validator's verdict on one credential file: nil when it conforms, else each error
    /// as `at PATH: MESSAGE`.
    public struct Verdict: Sendable, Equatable {
        public var file: String
        public var errors: [String]?
    }

    /// Validates the JWT payloads of `files` (compact JWS credentials).
    /// - Throws: when the venv is missing or the validator cannot run at all.
    public static func validate(_ files: [String]) throws -> [Verdict] {
        guard FileManager.default.isExecutableFile(atPath: TestVenv.python) else {
            throw CheckError("no test venv at \(TestVenv.python): run `make test-venv`, which installs Tests/requirements.txt")
        }
        let result = try ExternalTool.run(TestVenv.python, [script.path, schema.path] + files)
        guard result.status == 0 || result.status == 1 else { throw CheckError("the schema validator failed: \(result.stderr)") }
        var verdicts: [Verdict] = []
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("ok ") {
                verdicts.append(Verdict(file: String(line.dropFirst(3)), errors: nil))
            } else if line.hasPrefix("fail ") {
                verdicts.append(Verdict(file: String(line.dropFirst(5)), errors: []))
            } else if line.hasPrefix("  at "), !verdicts.isEmpty {
                verdicts[verdicts.count - 1].errors?.append(String(line.dropFirst(2)))
            }
        }
        guard verdicts.map(\.file) == files else { throw CheckError("the schema validator said: \(result.stdout)\(result.stderr)") }
        return verdicts
    }

    /// Writes each of `credentials` (compact JWS texts) to a file in `folder` and validates them.
    public static func validate(texts credentials: [String], in folder: URL) throws -> [Verdict] {
        var files: [String] = []
        for (index, text) in credentials.enumerated() {
            let file = folder.appendingPathComponent("schema-\(index).credential.jwt")
            try Data(text.utf8).write(to: file)
            files.append(file.path)
        }
        return try validate(files)
    }

    /// Why the check could not run.
    public struct CheckError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
