import CPDRunner
import CPDTestSupport
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func batchWriteReplacesFilesAndLeavesNoTemporaries() throws {
        let folder = try ExternalTool.temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try DirectoryOutput(directory: folder)
        try output.write([("a.pdf", Data("one".utf8)), ("b.pdf", Data("two".utf8))])
        try output.write(Data("three".utf8), named: "a.pdf")
        #expect(try output.read(named: "a.pdf") == Data("three".utf8))
        #expect(try output.read(named: "b.pdf") == Data("two".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.pdf", "b.pdf"])
    }

    @Test func abandonedTemporariesOfDeadProcessesAreRemovedOthersKept() throws {
        let folder = try ExternalTool.temporaryDirectory("abandoned")
        defer { try? FileManager.default.removeItem(at: folder) }
        // PID 2^22 + 1 is above Linux's pid_max default, so no process has it.
        try Data("half".utf8).write(to: folder.appendingPathComponent(".X.pdf.tmp-4194305"))
        try Data("live".utf8).write(to: folder.appendingPathComponent(".Y.pdf.tmp-1"))
        try Data("keep".utf8).write(to: folder.appendingPathComponent(".hidden"))
        _ = try DirectoryOutput(directory: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".Y.pdf.tmp-1", ".hidden"])
    }

    struct Interrupted: Error {}

    @Test func aFileWrittenInPiecesAppearsWholeOrNotAtAll() async throws {
        let folder = try ExternalTool.temporaryDirectory("pieces")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try DirectoryOutput(directory: folder)
        try output.write(Data("old manifest\n".utf8), named: "manifest.csv")
        let rows = (0..<5000).map { "row \($0),Siân Llywelyn,王秀英\n" }
        try await output.write(named: "manifest.csv") { append in
            for row in rows { try append(Data(row.utf8)) }
        }
        #expect(try output.read(named: "manifest.csv") == Data(rows.joined().utf8))

        // A failure half-way leaves the file as it was, and no temporary behind.
        await #expect(throws: Interrupted.self) {
            try await output.write(named: "manifest.csv") { append in
                try append(Data("half a new manifest\n".utf8))
                throw Interrupted()
            }
        }
        #expect(try output.read(named: "manifest.csv") == Data(rows.joined().utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["manifest.csv"])
    }

    @Test func outputsInMemoryGatherThePieces() async throws {
        let output = MemoryOutput()
        try await output.write(named: "manifest.csv") { append in
            for piece in ["email,name\n", "a@example.org,Aoife Ní Bhriain\n"] { try append(Data(piece.utf8)) }
        }
        #expect(try output.read(named: "manifest.csv") == Data("email,name\na@example.org,Aoife Ní Bhriain\n".utf8))
    }
}
