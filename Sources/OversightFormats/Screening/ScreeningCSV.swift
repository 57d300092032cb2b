import Foundation

/// A small RFC 4180 CSV reader and writer for the screening files (lists and batch input): quoted fields
/// with doubled quotes, commas and line breaks inside quotes, CRLF or LF, an optional UTF-8 byte-order mark.
public enum ScreeningCSV {
    /// One record with the line it starts on (1-based).
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// All records; blank lines are skipped. An unterminated quote is an error naming its line.
    public static func parse(_ data: Data, format: String) throws -> [Row] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            throw ScreeningFormatError(format: format, "the file is not UTF-8 text (byte \(bad + 1) is not); save it as CSV UTF-8", line: line)
        }
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var quoted = false
        var quoteLine = 0
        var fieldWasQuoted = false
        var i = 0
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        var rowStart = 0
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            rowStart = i + 1
        }

        while i < bytes.count {
            let byte = bytes[i]
            if i - rowStart > ReaderLimits.maxLineBytes {
                throw ScreeningFormatError(format: format, "the record starting here is longer than \(ReaderLimits.maxLineText), the most a record may hold; check for a quote that is never closed", line: rowLine)
            }
            if quoted {
                if byte == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    quoted = false
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                i += 1
                continue
            }
            switch byte {
            case quote where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
                quoteLine = line
            case comma:
                endField()
            case cr where i + 1 < bytes.count && bytes[i + 1] == newline:
                break
            case newline, cr:
                endRow()
                line += 1
                rowLine = line
            default:
                field.append(byte)
            }
            i += 1
        }
        if quoted {
            throw ScreeningFormatError(format: format, "a quoted field is never closed (a \" is missing)", line: quoteLine)
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRow() }
        return rows
    }

    /// The offset of the first byte that is not part of valid UTF-8, nil when all of it is.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The header names folded for lookup: `Date of birth`, `date_of_birth`, `DATE-OF-BIRTH` → `dateofbirth`.
    public static func headerKey(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    /// One CSV line (without the line break), quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    public static func escape(_ field: String) -> String {
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `;`-joined values, trimmed, blanks dropped.
    static func multi(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
