import Foundation
import Testing

@testable import CPDCommands

/// The frames between `cpdcert issue` and its render workers, over a real pipe.
@Suite struct WorkerChannelTests {
    /// A channel whose writes arrive at `reader`'s reads.
    func connected() -> (writer: WorkerChannel, reader: WorkerChannel, pipe: Pipe) {
        let pipe = Pipe()
        let unused = Pipe()
        return (
            WorkerChannel(input: unused.fileHandleForReading, output: pipe.fileHandleForWriting),
            WorkerChannel(input: pipe.fileHandleForReading, output: unused.fileHandleForWriting), pipe
        )
    }

    @Test func framesLargerThanThePipeArriveWholeAndInOrder() throws {
        let (writer, reader, pipe) = connected()
        WorkerChannel.enlarge(pipe)
        // Bigger than any pipe buffer, so the writer blocks part-way and the reader drains it.
        let big = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let payloads = [Data(), Data("Siân Llywelyn".utf8), big, Data([0])]
        let sender = Thread {
            for payload in payloads { try? writer.send(payload) }
            try? writer.reply(.success(big))
            try? writer.reply(.failure(WorkerChannel.Failure(description: "element 'name': no font has U+F0041")))
            try? writer.output.close()
        }
        sender.start()
        for payload in payloads { #expect(try reader.receive() == payload) }
        #expect(try reader.receiveReply() == big)
        #expect(throws: WorkerChannel.Reported.self) { try reader.receiveReply() }
        #expect(try reader.receive() == nil, "the end of the stream between frames is not an error")
    }

    @Test func aStreamCutInsideAFrameIsAnError() throws {
        let (writer, reader, _) = connected()
        try writer.output.write(contentsOf: Data([0, 0, 0, 10, 1, 2, 3]))
        try writer.output.close()
        #expect(throws: WorkerChannel.Failure.self) { try reader.receive() }
    }
}
