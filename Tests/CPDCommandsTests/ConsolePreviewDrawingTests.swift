import CPDCore
import CPDImport
import CPDOperations
import CPDTestSupport
import Foundation
import Testing

@testable import CPDCommands

/// What `cpdcert console` shows as an event's preview: a sample drawn with the event's template by Cairo.
@Suite struct ConsolePreviewDrawingTests {
    let directory = TemplateDirectory(
        templates: Samples.packageRoot.appendingPathComponent("Templates"), assets: Samples.packageRoot.appendingPathComponent("Assets"))

    func event(template: String) throws -> Event {
        let definition = try String(
            contentsOf: Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml"), encoding: .utf8)
        #expect(definition.contains("template: classic"))
        return try EventLoader.load(
            Data(definition.replacingOccurrences(of: "template: classic", with: "template: \(template)").utf8), fileName: "event.yaml")
    }

    @Test func thePreviewIsAPNGOfTheEventsTemplatePage() throws {
        let event = try event(template: "classic")
        let png = try ConsoleCommand.samplePicture(event, directory: directory)
        let page = try directory.load("classic").template
        // The page at 96 dpi: millimetres to inches.
        let expected = PNGHeader(
            width: Int((page.pageWidth / 25.4 * 96).rounded()), height: Int((page.pageHeight / 25.4 * 96).rounded()))
        #expect(PNGHeader(png) == expected)
        #expect(expected.width > expected.height, "classic is landscape")
        #expect(png.count > 10_000, "a drawn page, not an empty one")
    }

    @Test func aTemplateNamedByPathOrUnknownIsRefused() throws {
        for name in ["../Templates/classic", "no-such-template"] {
            #expect(throws: OperationError.self) { try ConsoleCommand.samplePicture(try event(template: name), directory: directory) }
        }
    }

    @Test func anEventIsCheckedAtIntakeWithTheSameTemplateLookup() {
        #expect(ConsoleCommand.templateProblem("classic", directory: directory) == nil)
        for name in ["../../../etc/passwd", "/etc/passwd", ".hidden", "no-such-template"] {
            let problem = ConsoleCommand.templateProblem(name, directory: directory)
            #expect(problem != nil, "\(name)")
        }
        #expect(ConsoleCommand.templateProblem("../Templates/classic", directory: directory)?.contains("not a file") == true)
    }
}
