package import CPDCore

/// Text bound to an SQL statement: GRDB binds a string up to its first NUL (and reads one back
/// the same way), so a value holding a NUL would be stored cut short, and the row then disagree
/// with the log and with every copy made from the full value. Such a value is refused before
/// anything is written.
package enum StoredText {
    /// Fails when a value of `values` (named by its column) holds a NUL; `subject` names the record.
    package static func check(_ values: [(column: String, value: String?)], subject: String) throws(RegistryError) {
        for (column, value) in values where value?.utf8.contains(0) == true {
            throw .storage(
                "\(subject): '\(column)' contains a NUL character (U+0000), which the registry cannot store; nothing was written. Remove it from the input and run again"
            )
        }
    }
}
