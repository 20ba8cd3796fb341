import CPDCore
import Foundation
import Testing

@Suite struct RenderingInputsTests {
    static let template = RenderingInputs.File(name: "classic.yaml", sha256: String(repeating: "a", count: 64), size: 812)
    static let font = RenderingInputs.File(
        name: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", sha256: String(repeating: "b", count: 64), size: 757_076)

    /// A record archived before drawing revisions were recorded has no `drawing`: it reads back
    /// as revision 1 with the same bytes and the same key, so its certificates keep their inputs.
    @Test func aRecordWithoutADrawingRevisionIsRevisionOneAndKeepsItsKey() throws {
        let old =
            #"{"assets":[],"fonts":[{"name":"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf","sha256":"\#(Self.font.sha256)","size":757076}],"template":{"name":"classic.yaml","sha256":"\#(Self.template.sha256)","size":812},"template_name":"classic"}"#
        let read = try #require(RenderingInputs(canonical: Array(old.utf8)))
        #expect(read.drawing == 1)
        #expect(read.canonical == Array(old.utf8))
        let rebuilt = RenderingInputs(templateName: "classic", template: Self.template, assets: [], fonts: [Self.font], drawing: 1)
        #expect(rebuilt.sha256 == read.sha256)
    }

    /// A new record carries the current revision, which changes its key, and reads back as it.
    @Test func aNewRecordCarriesTheCurrentRevision() throws {
        let inputs = RenderingInputs(templateName: "classic", template: Self.template, assets: [], fonts: [Self.font])
        #expect(inputs.drawing == RenderingInputs.currentDrawing && RenderingInputs.currentDrawing >= 2)
        #expect(String(decoding: inputs.canonical, as: UTF8.self).contains(#""drawing":\#(RenderingInputs.currentDrawing)"#))
        let read = try #require(RenderingInputs(canonical: inputs.canonical))
        #expect(read == inputs)
        let revisionOne = RenderingInputs(templateName: "classic", template: Self.template, assets: [], fonts: [Self.font], drawing: 1)
        #expect(revisionOne.sha256 != inputs.sha256)
    }
}
