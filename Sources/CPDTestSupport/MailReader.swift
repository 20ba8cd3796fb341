public import Foundation

/// What Python's email package reads from messages (Tests/mail/read_messages.py): an
/// independent MIME parser's view of cpdcert's bytes.
public struct ReadMessage: Decodable, Sendable {
    public struct Attachment: Decodable, Sendable {
        public var filename: String?
        public var sha256: String
        public var type: String
    }
    // Field names as the Python script writes them.
    public var subject: String
    public var from_name: String
    public var from_address: String
    public var to_name: String
    public var to_address: String
    public var message_id: String
    public var references: String
    public var structure: [String]
    public var defects: [String]
    public var longest_line: Int
    public var bare_lf: Bool
    public var text: String?
    public var html: String?
    public var attachments: [Attachment]
}

/// Reads messages with Python's email package.
public enum MailReader {
    static let script = Samples.packageRoot.appendingPathComponent("Tests/mail/read_messages.py").path

    /// Each message written to a temporary file, then read by Python.
    public static func read(_ messages: [Data]) throws -> [ReadMessage] {
        let folder = try ExternalTool.temporaryDirectory("cpdcert-mail")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            let file = folder.appendingPathComponent("\(index).eml")
            try message.write(to: file)
            paths.append(file.path)
        }
        return try readFiles(paths)
    }

    /// The `.eml` files at `paths`, read by Python.
    public static func readFiles(_ paths: [String]) throws -> [ReadMessage] {
        let result = try ExternalTool.run("python3", [script] + paths)
        guard result.status == 0 else { throw ReaderFailed(stderr: result.stderr) }
        return try JSONDecoder().decode([ReadMessage].self, from: Data(result.stdout.utf8))
    }

    public struct ReaderFailed: Error {
        public var stderr: String
    }
}
