import Foundation

/// Reads comma- or tab-separated text (RFC 4180): quoted fields, doubled quotes inside them, delimiters and
/// line breaks inside quoted fields, CRLF or LF line ends, and a UTF-8 byte-order mark at the start.
///
/// It is lenient where a spreadsheet would be: a quote inside an unquoted field is kept as a character, and
/// text after a closing quote is appended to the field. The one thing it cannot recover from is a quoted
/// field that is never closed (it would swallow the rest of the file); that record is delivered with
/// `unterminatedQuote` set and reading stops. A record longer than `ReaderLimits.maxLineBytes` (4 MiB) is
/// delivered with `tooLong` set (its fields read so far) and reading stops too.
public struct DelimitedTextReader: Sendable {
    /// One record (line of the table) with where it is in the file.
    public struct Row: Sendable, Equatable {
        public var fields: [String]
        /// 1-based position of the record, counting the header and blank lines as a spreadsheet shows them.
        public var number: Int
        /// 1-based line of the file the record starts on (differs from `number` after embedded line breaks).
        public var line: Int
        /// The record ends inside a quoted field that is never closed (the rest of the file is in its last field).
        public var unterminatedQuote: Bool
        /// The record is longer than `ReaderLimits.maxLineBytes`; the rest of the file is not read.
        public var tooLong: Bool

        public init(fields: [String], number: Int, line: Int, unterminatedQuote: Bool = false, tooLong: Bool = false) {
            self.fields = fields
            self.number = number
            self.line = line
            self.unterminatedQuote = unterminatedQuote
            self.tooLong = tooLong
        }

        /// Whether the record is an empty line.
        public var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }

        /// "row 5", or "row 5 (line 7)" when embedded line breaks moved the line.
        public var location: String { number == line ? "row \(number)" : "row \(number) (line \(line))" }
    }

    /// The field separator, one ASCII byte (`,` or tab).
    public let delimiter: UInt8

    /// A reader for `delimiter`, which must be one ASCII character other than a quote or a line break.
    public init?(delimiter: Character) {
        guard let ascii = delimiter.asciiValue, ascii != UInt8(ascii: "\""), ascii != 10, ascii != 13 else { return nil }
        self.delimiter = ascii
    }

    /// The delimiter a file name implies: tab for `.tsv`/`.tab`, comma otherwise.
    public static func delimiter(forFileName name: String) -> Character {
        let lower = name.lowercased()
        return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? "\t" : ","
    }

    /// Calls `body` with every record of `data`, blank lines included (see `Row.isBlank`).
    public func read(_ data: Data, _ body: (Row) throws -> Void) rethrows {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            try read(bytes: raw.bindMemory(to: UInt8.self), body)
        }
    }

    /// Calls `body` with every record of `text`.
    public func read(_ text: String, _ body: (Row) throws -> Void) rethrows {
        try read(Data(text.utf8), body)
    }

    private func read(bytes: UnsafeBufferPointer<UInt8>, _ body: (Row) throws -> Void) rethrows {
        let quote = UInt8(ascii: "\""), lf: UInt8 = 10, cr: UInt8 = 13
        let delimiter = self.delimiter
        let count = bytes.count
        var i = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var number = 0
        var line = 1
        var fields: [String] = []
        var scratch: [UInt8] = []
        while i < count {
            number += 1
            let startLine = line
            let recordStart = i
            fields.removeAll(keepingCapacity: true)
            var unterminated = false
            var tooLong = false
            // One record: fields until an unquoted line end or the end of the data.
            fieldLoop: while true {
                if i < count && bytes[i] == quote {
                    // Quoted field: copy bytes, turning "" into ", until the closing quote.
                    scratch.removeAll(keepingCapacity: true)
                    i += 1
                    var closed = false
                    while i < count {
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < count && bytes[i + 1] == quote {
                                scratch.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if b == lf { line += 1 }
                        scratch.append(b)
                        i += 1
                    }
                    if !closed {
                        fields.append(String(decoding: scratch, as: UTF8.self))
                        unterminated = true
                        break fieldLoop
                    }
                    // Lenient: anything between the closing quote and the next delimiter belongs to the field.
                    let tailStart = i
                    while i < count && bytes[i] != delimiter && bytes[i] != lf && bytes[i] != cr { i += 1 }
                    if i > tailStart { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<i])) }
                    fields.append(String(decoding: scratch, as: UTF8.self))
                } else {
                    let start = i
                    while i < count && bytes[i] != delimiter && bytes[i] != lf && bytes[i] != cr { i += 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                }
                if i - recordStart > ReaderLimits.maxLineBytes { tooLong = true; break fieldLoop }
                if i >= count { break fieldLoop }
                let b = bytes[i]
                if b == delimiter {
                    i += 1
                    if i >= count { fields.append(""); break fieldLoop }
                    continue fieldLoop
                }
                // A line end: CRLF, LF, or a lone CR.
                if b == cr && i + 1 < count && bytes[i + 1] == lf { i += 1 }
                i += 1
                line += 1
                break fieldLoop
            }
            try body(Row(fields: fields, number: number, line: startLine, unterminatedQuote: unterminated, tooLong: tooLong))
            if unterminated || tooLong { return }
        }
    }
}
