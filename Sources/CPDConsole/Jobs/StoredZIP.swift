import CZlib
import Foundation

/// A ZIP archive of files stored as they are (no compression: PDFs hardly shrink), with UTF-8
/// names, written whole in memory (PKWARE APPNOTE 6.3.9, sections 4.3.7, 4.3.12 and 4.3.16).
struct StoredZIP {
    private(set) var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Why an archive cannot be made.
    enum Problem: Error {
        /// Over the 4 GiB or 65,535 entries of a ZIP without its 64-bit extension.
        case tooLarge
    }

    /// Adds `data` as `name`, dated `date` (UTC, as MS-DOS time).
    mutating func add(_ name: String, _ data: [UInt8], date: Date) throws(Problem) {
        let nameBytes = Array(name.utf8)
        guard bytes.count + data.count < Int(UInt32.max) - 1024, count < 0xFFFF, nameBytes.count < 0xFFFF else { throw .tooLarge }
        let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let (time, day) = Self.dosTime(date)
        let offset = UInt32(bytes.count)
        // Version 2.0, bit 11 (names in UTF-8), method 0 (stored).
        let common: [UInt8] =
            Self.le16(20) + Self.le16(0x0800) + Self.le16(0) + Self.le16(time) + Self.le16(day) + Self.le32(crc)
            + Self.le32(UInt32(data.count)) + Self.le32(UInt32(data.count)) + Self.le16(UInt16(nameBytes.count))
        bytes += Self.le32(0x0403_4b50) + common + Self.le16(0) + nameBytes + data
        directory +=
            Self.le32(0x0201_4b50) + Self.le16(20) + common + Self.le16(0) + Self.le16(0) + Self.le16(0) + Self.le16(0)
            + Self.le32(0) + Self.le32(offset) + nameBytes
        count += 1
    }

    /// The archive: the files, the central directory and its end record.
    func finished() -> [UInt8] {
        let entries = Self.le16(UInt16(count))
        return bytes + directory + Self.le32(0x0605_4b50) + Self.le16(0) + Self.le16(0) + entries + entries
            + Self.le32(UInt32(directory.count)) + Self.le32(UInt32(bytes.count)) + Self.le16(0)
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// MS-DOS time and date of `date` in UTC (two-second steps, years from 1980).
    private static func dosTime(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = max(0, (parts.year ?? 1980) - 1980)
        let time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        let day = UInt16(year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        return (time, day)
    }
}
