import CPDCore
import CPDImport
import CPDTestSupport
import Foundation

/// Attendance fixtures: fictional people (example.org) in the formats organisers export. The
/// CSV ones are files in Fixtures/; the Teams ones (UTF-16 with BOM, tab-separated) are built
/// here from text, so the rows stay readable.
///
/// Every fixture is for the sample event: Wednesday 16 September 2020, 10:00 to 13:30
/// Europe/London (BST), 210 minutes; the rule is 75%, so 9450 seconds (157.5 minutes).
enum Fixtures {
    /// Times in the event's zone, near its start.
    static let times = LocalTimeReader(timeZone: TimeZone(identifier: "Europe/London")!, near: Samples.event.start)

    /// The bytes of `Fixtures/<name>`.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: Samples.packageRoot.appendingPathComponent("Tests/CPDImportTests/Fixtures/\(name)"))
    }

    /// `text` as UTF-16 little-endian with a byte order mark, as Teams writes it.
    static func utf16LE(_ text: String) -> Data {
        var data = Data([0xFF, 0xFE])
        for unit in text.utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        return data
    }

    /// `text` as UTF-16 big-endian with a byte order mark.
    static func utf16BE(_ text: String) -> Data {
        var data = Data([0xFE, 0xFF])
        for unit in text.utf16 { data.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)]) }
        return data
    }

    /// Rows of cells as tab-separated lines ending in CRLF.
    static func tsv(_ rows: [[String]]) -> String {
        rows.map { $0.joined(separator: "\t") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A Teams webinar attendance report, US dates (`9/16/20, 10:01:00 AM`). Line numbers in
    /// the comments.
    static let teamsUS = tsv([
        ["1. Summary"],  // 1
        ["Meeting title", "Tackling Child Criminal Exploitation: Disrupting County Lines, and Associated Violence"],
        ["Attended participants", "8"],
        ["Start time", "9/16/20, 9:50:00 AM"],
        ["End time", "9/16/20, 1:40:00 PM"],  // 5
        ["Meeting duration", "3h 50m"],
        ["Average attendance time", "2h 2m 3s"],
        [""],
        ["2. Participants"],
        [
            "Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role", "Registration First Name",
            "Registration Last Name", "Registration Email",
        ],  // 10
        [
            "Policy Foresight", "9/16/20, 9:50:00 AM", "9/16/20, 1:40:00 PM", "3h 50m", "host.pf@example.org", "host.pf@example.org",
            "Organizer", "", "", "",
        ],
        [
            "Dr Helena Marsh", "9/16/20, 9:55:00 AM", "9/16/20, 1:35:00 PM", "3h 40m", "helena.marsh@example.org",
            "helena.marsh@example.org",
            "Presenter", "", "", "",
        ],
        [
            "Siân Llywelyn", "9/16/20, 9:58:12 AM", "9/16/20, 1:30:00 PM", "3h 1m 48s", "sian.llywelyn@example.org",
            "sian.llywelyn@example.org", "Attendee", "Siân", "Llywelyn", "Sian.Llywelyn@example.org",
        ],
        // A guest: no email, but the registration email identifies her.
        [
            "Aoife Ní Bhriain (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 12:37:30 PM", "2h 37m 30s", "", "", "Attendee", "Aoife",
            "Ní Bhriain",
            " Aoife.NiBhriain@Example.org",
        ],
        // Signed in with a personal account; registered with her work address, which is her identity.
        [
            "Nguyễn Thị Hằng", "9/16/20, 10:00:00 AM", "9/16/20, 12:40:00 PM", "3h", "nguyen.personal@example.org",
            "nguyen.personal@example.org", "Attendee", "Thị Hằng", "Nguyễn", "nguyen.thi.hang@example.org",
        ],  // 15
        [
            "Seán Ó Conaill", "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", "sean.oconaill@example.org",
            "sean.oconaill@example.org",
            "Attendee", "", "", "",
        ],
        ["Bronwen Pryce (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", "", "", "Attendee", "", "", ""],
        [""],
        ["3. In-Meeting Activities"],
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],  // 20
        ["Policy Foresight", "9/16/20, 9:50:00 AM", "9/16/20, 1:40:00 PM", "3h 50m", "host.pf@example.org", "Organizer"],
        ["Dr Helena Marsh", "9/16/20, 9:55:00 AM", "9/16/20, 1:35:00 PM", "3h 40m", "helena.marsh@example.org", "Presenter"],
        // Siân rejoined; rows out of order. 10:00-11:00 and 11:30-13:30 count: 180 minutes.
        ["Siân Llywelyn", "9/16/20, 11:30:00 AM", "9/16/20, 1:30:00 PM", "2h", "sian.llywelyn@example.org", "Attendee"],
        ["Siân Llywelyn", "9/16/20, 9:58:12 AM", "9/16/20, 11:00:00 AM", "1h 1m 48s", "sian.llywelyn@example.org", "Attendee"],
        // Exactly the threshold: 157.5 minutes.
        ["Aoife Ní Bhriain (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 12:37:30 PM", "2h 37m 30s", "", "Attendee"],  // 25
        // Two devices overlapping 20 minutes: 160 minutes, not 180.
        ["Nguyễn Thị Hằng", "9/16/20, 10:00:00 AM", "9/16/20, 11:20:00 AM", "1h 20m", "nguyen.personal@example.org", "Attendee"],
        ["Nguyễn Thị Hằng", "9/16/20, 11:00:00 AM", "9/16/20, 12:40:00 PM", "1h 40m", "NGUYEN.personal@example.org", "Attendee"],
        // No join time: reported, not guessed (its 3h 20m duration would make him eligible).
        ["Seán Ó Conaill", "", "9/16/20, 1:30:00 PM", "3h 20m", "sean.oconaill@example.org", "Attendee"],
        ["Seán Ó Conaill", "9/16/20, 10:00:00 AM", "9/16/20, 10:10:00 AM", "10m", "sean.oconaill@example.org", "Attendee"],
        // A guest with neither email nor registration email.
        ["Bronwen Pryce (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", "", "Attendee"],  // 30
        // One second below the threshold.
        ["Adébáyọ̀ Ọlátúnjí", "9/16/20, 10:00:00 AM", "9/16/20, 12:37:29 PM", "2h 37m 29s", "adebayo.olatunji@example.org", "Attendee"],
        // A malformed time.
        ["Adébáyọ̀ Ọlátúnjí", "9/16/20, 12:40:00 PM", "9/16/20, 13:00:00 PM", "20m", "adebayo.olatunji@example.org", "Attendee"],
    ])

    /// A Teams meeting attendance report, en-GB dates (`16/09/2020, 10:01:00`), no registration.
    static let teamsGB = tsv([
        ["1. Summary"],  // 1
        ["Meeting title", "Tackling Child Criminal Exploitation"],
        ["Start time", "16/09/2020, 09:40:00"],
        [""],
        ["2. Participants"],  // 5
        ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"],
        [
            "Małgorzata Wiśniewska", "16/09/2020, 09:40:00", "16/09/2020, 13:50:00", "4h 10m", "malgorzata.w@example.org",
            "malgorzata.w@example.org", "Attendee",
        ],
        [
            "王秀英", "16/09/2020, 09:55:00", "16/09/2020, 13:35:00", "1h 20m", "wang.xiuying@example.org", "wang.xiuying@example.org",
            "Attendee",
        ],
        [""],
        ["3. In-Meeting Activities"],  // 10
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        // Clipped at both ends: 210 minutes count, not 250.
        ["Małgorzata Wiśniewska", "16/09/2020, 09:40:00", "16/09/2020, 13:50:00", "4h 10m", "malgorzata.w@example.org", "Attendee"],
        // A gap: 40 + 30 minutes count, though first join to last leave spans the whole session.
        ["王秀英", "16/09/2020, 09:55:00", "16/09/2020, 10:40:00", "45m", "wang.xiuying@example.org", "Attendee"],
        ["王秀英", "16/09/2020, 13:00:00", "16/09/2020, 13:35:00", "35m", "wang.xiuying@example.org", "Attendee"],
    ])

    /// The Teams attendance list of 2020-21, with the Email column an organiser added (first).
    static let teamsLegacy = tsv([
        ["Email", "Full Name", "User Action", "Timestamp"],  // 1
        ["sian.llywelyn@example.org", "Siân Llywelyn", "Joined before", "9/16/2020, 9:58:12 AM"],
        ["zoe.bronte@example.org", "Zoë Brontë-Łukasiewicz", "Joined", "9/16/2020, 10:00:00 AM"],
        ["sian.llywelyn@example.org", "Siân Llywelyn", "Left", "9/16/2020, 11:00:00 AM"],
        ["Zoe.Bronte@example.org", "Zoë Brontë-Łukasiewicz", "Joined", "9/16/2020, 10:30:00 AM"],  // 5: a second device, out of order
        ["zoe.bronte@example.org", "Zoë Brontë-Łukasiewicz", "Left", "9/16/2020, 11:00:00 AM"],
        ["sian.llywelyn@example.org", "Siân Llywelyn", "Joined", "9/16/2020, 11:10:00 AM"],
        ["zoe.bronte@example.org", "Zoë Brontë-Łukasiewicz", "Left", "9/16/2020, 12:00:00 PM"],
        ["sian.llywelyn@example.org", "Siân Llywelyn", "Left", "9/16/2020, 1:30:00 PM"],
        ["wang.xiuying@example.org", "王秀英", "Joined", "9/16/2020, 10:00:00 AM"],  // 10: never left
        ["aoife.ni.bhriain@example.org", "Aoife Ní Bhriain", "Joined", "9/16/2020, 10:00:00 AM"],
        ["aoife.ni.bhriain@example.org", "Aoife Ní Bhriain", "Left", "9/16/2020, 12:37:30 PM"],
        ["adebayo.olatunji@example.org", "Adébáyọ̀ Ọlátúnjí", "Left", "9/16/2020, 11:00:00 AM"],  // never joined
        ["adebayo.olatunji@example.org", "Adébáyọ̀ Ọlátúnjí", "Joined", "9/16/2020, 10:61:00 AM"],  // malformed
    ])
}

extension AttendanceReport {
    /// Counted seconds per identity against the sample event.
    var countedSeconds: [String: Int] {
        Dictionary(uniqueKeysWithValues: evidence.map { ($0.attendee.identity.email, $0.attendedTime(in: Samples.event).countedSeconds) })
    }

    /// The evidence for `email`.
    func person(_ email: String) -> AttendanceEvidence? {
        evidence.first { $0.attendee.identity.email == email }
    }

    /// Rejected rows as "line: message" (for readable failures).
    var rejectedLines: [Int?] { rejected.map(\.line) }
}
