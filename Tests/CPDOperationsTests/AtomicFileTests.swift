import CPDCore
import CPDOperations
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

/// Files and links planted in an output folder by someone else, before a run writes there.
@Suite struct PlantedFileTests {
    let outside: URL
    let folder: URL

    init() throws {
        outside = try ExternalTool.temporaryDirectory("outside").appendingPathComponent("victim")
        try Data("precious\n".utf8).write(to: outside)
        folder = try ExternalTool.temporaryDirectory("planted")
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.removeItem(at: outside.deletingLastPathComponent())
    }

    func plant(_ name: String) throws {
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(name).path, withDestinationPath: outside.path)
    }

    /// The names the temporaries had before (`.<name>.tmp-<pid>`), for this process and the
    /// next few process IDs: an attacker who can write the folder could plant links there.
    func plantAtPredictableTemporaries(of name: String) throws {
        for pid in getpid()..<(getpid() + 64) { try plant(".\(name).tmp-\(pid)") }
    }

    enum Write: String, CaseIterable {
        case batch, piecewise
    }

    @Test(arguments: Write.allCases)
    func linksAtTemporaryNamesAreNeverFollowed(_ write: Write) async throws {
        defer { cleanUp() }
        try plantAtPredictableTemporaries(of: "manifest.csv")
        let output = try DirectoryOutput(directory: folder)
        switch write {
        case .batch: try output.write(Data("email,name\n".utf8), named: "manifest.csv")
        case .piecewise: try await output.write(named: "manifest.csv") { append in try append(Data("email,name\n".utf8)) }
        }
        #expect(try Data(contentsOf: outside) == Data("precious\n".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("manifest.csv").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try output.read(named: "manifest.csv") == Data("email,name\n".utf8))
    }

    @Test func aLinkAtTheFinalNameIsReplacedNotItsTarget() throws {
        defer { cleanUp() }
        try plant("0A4X-6ZHP-TTTN-936M-4M88.pdf")
        let output = try DirectoryOutput(directory: folder)
        // A link is not a PDF as issued: it reads as missing, so the run re-creates the file.
        #expect(try output.read(named: "0A4X-6ZHP-TTTN-936M-4M88.pdf") == nil)
        try output.write(Data("%PDF-1.7".utf8), named: "0A4X-6ZHP-TTTN-936M-4M88.pdf")
        #expect(try Data(contentsOf: outside) == Data("precious\n".utf8))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("0A4X-6ZHP-TTTN-936M-4M88.pdf").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }

    @Test func aPipeAtAFileNameIsNotReadAndDoesNotBlock() throws {
        defer { cleanUp() }
        #expect(mkfifo(folder.appendingPathComponent("X.pdf").path, 0o644) == 0)
        let output = try DirectoryOutput(directory: folder)
        #expect(try output.read(named: "X.pdf") == nil)
    }

    @Test func abandonedTemporariesOfBothNamingSchemesAreRemoved() throws {
        defer { cleanUp() }
        for name in [".a.pdf.tmp-4194305", ".b.pdf.tmp-4194305-9f86d081884c7d65", ".c.pdf.tmp-1-9f86d081884c7d65"] {
            try Data("half".utf8).write(to: folder.appendingPathComponent(name))
        }
        _ = try DirectoryOutput(directory: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [".c.pdf.tmp-1-9f86d081884c7d65"])
    }
}

@Suite struct OutputErrorTests {
    @Test(arguments: [
        (ENOSPC, "the output folder's disk is full (/srv/out)"),
        (EROFS, "the output folder is on a read-only file system (/srv/out)"),
        (EACCES, "no permission to write X.pdf in the output folder /srv/out"),
        (EIO, "cannot write X.pdf in the output folder /srv/out: Input/output error"),
    ])
    func saysWhatFailedInWords(code: Int32, start: String) {
        let description = OutputError(code: code, action: "write X.pdf in", folder: "/srv/out").description
        #expect(description.hasPrefix(start), "\(description)")
        #expect(!description.contains("NSPOSIXErrorDomain"))
    }
}
