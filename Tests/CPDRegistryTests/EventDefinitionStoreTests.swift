import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// The same behaviour from every registry implementation (the start of a contract suite).
@Suite struct EventDefinitionStoreTests {
    @Test(arguments: RegistryImplementation.allCases)
    func theFirstDefinitionIsKeptAndReadBack(_ implementation: RegistryImplementation) async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let registry = try await implementation.make(file)
        let event = Samples.event
        #expect(try await registry.eventDefinition(eventID: event.id) == nil)
        try await registry.freezeEventDefinition(EventDefinition(event), at: FixedClock().now)
        var edited = event
        edited.title = "Trechu Plant yn Droseddol: Llinellau Sirol"
        try await registry.freezeEventDefinition(EventDefinition(edited), at: FixedClock().now)
        #expect(try await registry.eventDefinition(eventID: event.id) == EventDefinition(event))
        var other = event
        other.id = "county-lines-2021"
        #expect(try await registry.eventDefinition(eventID: other.id) == nil)
    }

    @Test(arguments: RegistryImplementation.allCases)
    func aRevisionReplacesTheFrozenDefinitionAndTheLatestIsRead(_ implementation: RegistryImplementation) async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let registry = try await implementation.make(file)
        var event = Samples.event
        // An event frozen before definitions were kept: its first revision is its first definition.
        try await registry.reviseEventDefinition(EventDefinition(event), reason: "first", at: FixedClock().now)
        #expect(try await registry.eventDefinition(eventID: event.id) == EventDefinition(event))
        for title in ["Trechu Camfanteisio Troseddol ar Blant", "Zwalczanie wyzysku przestępczego dzieci"] {
            event.title = title
            try await registry.reviseEventDefinition(EventDefinition(event), reason: "title corrected", at: FixedClock().now)
            #expect(try await registry.eventDefinition(eventID: event.id) == EventDefinition(event))
            // A later batch's freeze does not undo the revision.
            try await registry.freezeEventDefinition(EventDefinition(Samples.event), at: FixedClock().now)
            #expect(try await registry.eventDefinition(eventID: event.id) == EventDefinition(event))
        }
        let overlay = OverlayCertificateRegistry(over: registry)
        var rehearsed = event
        rehearsed.title = "Rehearsed only"
        try await overlay.reviseEventDefinition(EventDefinition(rehearsed), reason: "dry run", at: FixedClock().now)
        #expect(try await overlay.eventDefinition(eventID: event.id) == EventDefinition(rehearsed))
        #expect(try await registry.eventDefinition(eventID: event.id) == EventDefinition(event), "a dry run changes nothing")
    }

    @Test func aTamperedDefinitionIsReportedNotBelieved() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        try await SQLiteCertificateRegistry(path: file.path).freezeEventDefinition(EventDefinition(Samples.event), at: FixedClock().now)
        let edit = try ExternalTool.run(
            "sqlite3",
            [
                file.path,
                "DROP TRIGGER event_definition_no_update; UPDATE event_definition SET canonical = CAST(replace(CAST(canonical AS TEXT), 'Tackling', 'Ignoring') AS BLOB);",
            ])
        #expect(edit.status == 0, "\(edit.stderr)")
        await #expect(throws: RegistryError.self) {
            _ = try await SQLiteCertificateRegistry(path: file.path, readOnly: true).eventDefinition(eventID: Samples.event.id)
        }
    }
}
