public import Foundation

/// Each event's definition as frozen at its first issue.
public protocol EventDefinitions: Sendable {
    /// The definition `eventID` was frozen with at its first issue, if any.
    func eventDefinition(eventID: String) async throws -> EventDefinition?
    /// Freezes `definition` for its event, unless one is frozen already (then nothing changes:
    /// the first definition stays).
    func freezeEventDefinition(_ definition: EventDefinition, at: Date) async throws
    /// Makes `definition` the frozen one of its event from now on, after an event-wide correction
    /// (`reason` says why); every earlier definition stays in the history.
    func reviseEventDefinition(_ definition: EventDefinition, reason: String, at: Date) async throws
}
