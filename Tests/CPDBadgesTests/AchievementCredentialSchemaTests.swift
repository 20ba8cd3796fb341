import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// Every credential against 1EdTech's AchievementCredential JSON Schema (the fixture copied from
/// the specification repository), validated by Python's `jsonschema` (draft 2019-09, formats checked).
@Suite struct AchievementCredentialSchemaTests {
    static let key = try! CredentialKey.generate()

    func signed(_ name: String, index: Int, ids: SeededRandomSource, activity: DateInterval?) throws -> String {
        try OpenBadgeCredential(certificate: Samples.certificate(name, index: index, ids: ids), statusIndex: index, activity: activity)
            .signed(with: Self.key).text
    }

    /// `jws` with its payload changed by `edit` (the schema check reads the payload only).
    func edited(_ jws: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        let parts = jws.split(separator: ".").map(String.init)
        var payload = try #require(try JSONSerialization.jsonObject(with: Base64URL.decode(parts[1])!) as? [String: Any])
        edit(&payload)
        return parts[0] + "." + Base64URL.encode(try JSONSerialization.data(withJSONObject: payload)) + "." + parts[2]
    }

    @Test func everyCredentialOfTheEventConformsToTheSchema() throws {
        let folder = try ExternalTool.temporaryDirectory("badges-schema")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = SeededRandomSource()
        var credentials = try Samples.names.enumerated().map { index, name in
            try signed(name, index: index, ids: ids, activity: Samples.event.liveWindow)
        }
        // Without the live session's dates (activity dates are optional in the schema too).
        credentials.append(try signed("Zoë Brontë-Łukasiewicz", index: 99, ids: ids, activity: nil))
        let verdicts = try CredentialSchemaCheck.validate(texts: credentials, in: folder)
        #expect(verdicts.count == credentials.count)
        for verdict in verdicts { #expect(verdict.errors == nil, "\(verdict.file): \(verdict.errors ?? [])") }
    }

    /// Each edit breaks one rule of the schema; the validator must say where.
    static let breaks: [(String, String)] = [
        ("validFrom dropped", "(root): 'validFrom' is a required property"),
        ("issuer id dropped", "at issuer"),
        ("achievement criteria dropped", "at credentialSubject/achievement: 'criteria' is a required property"),
        ("creditsEarned as text", "at credentialSubject/creditsEarned: '3.5' is not of type 'number'"),
        ("validFrom not a date-time", "at validFrom: '16 September 2020' is not a 'date-time'"),
        (
            "plain email beside the hash",
            "at credentialSubject/identifier/0: Additional properties are not allowed ('email' was unexpected)"
        ),
        ("OB context dropped", "at @context"),
    ]

    @Test(arguments: breaks) func aDroppedOrMistypedFieldFails(edit: String, expected: String) throws {
        let folder = try ExternalTool.temporaryDirectory("badges-schema-broken")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jws = try signed("Adébáyọ̀ Ọlátúnjí", index: 5, ids: SeededRandomSource(), activity: Samples.event.liveWindow)
        let broken = try edited(jws) { payload in
            var subject = payload["credentialSubject"] as! [String: Any]
            switch edit {
            case "validFrom dropped": payload["validFrom"] = nil
            case "issuer id dropped":
                var issuer = payload["issuer"] as! [String: Any]
                issuer["id"] = nil
                payload["issuer"] = issuer
            case "achievement criteria dropped":
                var achievement = subject["achievement"] as! [String: Any]
                achievement["criteria"] = nil
                subject["achievement"] = achievement
            case "creditsEarned as text": subject["creditsEarned"] = "3.5"
            case "validFrom not a date-time": payload["validFrom"] = "16 September 2020"
            case "plain email beside the hash":
                var identifier = (subject["identifier"] as! [[String: Any]])[0]
                identifier["email"] = "person5@example.org"
                subject["identifier"] = [identifier]
            case "OB context dropped": payload["@context"] = ["https://www.w3.org/ns/credentials/v2"]
            default: Issue.record("no edit \(edit)")
            }
            payload["credentialSubject"] = subject
        }
        let verdicts = try CredentialSchemaCheck.validate(texts: [jws, broken], in: folder)
        #expect(verdicts[0].errors == nil, "the unedited credential: \(verdicts[0].errors ?? [])")
        let errors = try #require(verdicts[1].errors, "\(edit): the schema accepted it")
        #expect(errors.contains { $0.hasPrefix(expected) || $0.contains(expected) }, "\(edit): \(errors)")
    }
}
