/// What the attendance evidence said about each person of each event: the register an auditor reads.
public protocol AttendanceRegister: Sendable {
    /// Records what the attendance evidence said about each person in a batch (kept per source
    /// file; recording the same file again changes nothing), each with its entry in the
    /// transparency log (`TransparencyEntry.attendanceRecorded`) in the same transaction.
    func recordAttendance(_ records: [AttendanceRecord]) async throws
    /// The latest attendance record per person of `eventID`.
    func attendance(eventID: String) async throws -> [AttendanceRecord]
    /// Every attendance record of one person of `eventID`, one per source file, oldest first (for audits).
    func attendanceRecords(eventID: String, identity: AttendeeIdentity) async throws -> [AttendanceRecord]
    /// Every record of every event in the order recorded, at most `limit` after `position` (nil
    /// for the first page), each with the position to ask the next page after: what an audit walks.
    func allAttendanceRecords(after position: Int?, limit: Int) async throws -> [(position: Int, record: AttendanceRecord)]
}
