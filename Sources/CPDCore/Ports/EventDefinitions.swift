public import Foundation

/// Each event's definition as frozen at its first issue.
public protocol EventDefinitions: Sendable {
    /// The definition `eventID` was frozen with at its first issue, if any.
    func eventDefinition(eventID: String) async throws -> EventDefinition?
    /// Freezes `definition` for its event, unless one is frozen already (then nothing changes:
    /// the first definition stays).
    func freezeEventDefinition(_ definition: EventDefinition, at: Date) async throws
}
