import Foundation
import OversightCore

/// Shared rules of the Security Force Monitor (WhoWasInCommand) flat formats; see docs/SFM.md.
public enum SFM {
    /// The Oversight id of an SFM unit id: `sfm-unit:<value>`, or the value itself when it already
    /// contains `:` (it is then taken to be an Oversight id, e.g. `unit:pnp`).
    public static func unitID(_ value: String) -> String { value.utf8.contains(UInt8(ascii: ":")) ? value : "sfm-unit:" + value }

    /// The Oversight id of an SFM person id: `sfm-person:<value>`, or the value itself when it contains `:`.
    public static func personID(_ value: String) -> String { value.utf8.contains(UInt8(ascii: ":")) ? value : "sfm-person:" + value }

    /// The id of the one claim an import makes about an entity: `claim:<entity id>@<source id>`, so the same
    /// file imported twice replaces its claims, and a second source adds its own claim beside the first.
    public static func claimID(entity: String, source: String) -> String { "claim:\(entity)@\(source)" }

    /// The source record an import cites: a data set published by Security Force Monitor.
    public static func source(id: String, title: String, published: PartialDate, fileName: String) -> Source {
        Source(id: id, title: title, publisher: "Security Force Monitor", published: published, kind: "dataset",
               note: "Imported from the file \(fileName).")
    }

    /// The default source id for a file: `src:sfm-<file name>`.
    public static func defaultSourceID(fileName: String) -> String { "src:sfm-\(fileName)" }

    /// The default source title for a file.
    public static func defaultSourceTitle(fileName: String) -> String { "Security Force Monitor import: \(fileName)" }

    /// Parses an SFM date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, where an empty or `00` month or day means unknown, as
    /// SFM's published exports write them: `2010-05-00` and `2010-05-` are May 2010, `2010-00-00`, `2010--` and
    /// `2010-` are 2010. Empty text is `.some(nil)`; a malformed or impossible date (a known day in an unknown
    /// month) is nil. (ASCII digits only, read byte by byte: files have dates in every row.)
    static func date(_ text: String) -> PartialDate?? {
        var text = text
        return text.withUTF8 { bytes -> PartialDate?? in
            if bytes.isEmpty { return .some(nil) }
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for i in from..<(from + count) {
                    let b = bytes[i]
                    guard b >= 48 && b <= 57 else { return nil }
                    value = value * 10 + Int(b - 48)
                }
                return value
            }
            let dash = UInt8(ascii: "-")
            guard bytes.count >= 4, let year = number(0, 4) else { return nil }
            // After the year: up to two parts, each introduced by a dash, each two digits or empty.
            var parts: [Int?] = []
            var i = 4
            while i < bytes.count {
                guard bytes[i] == dash, parts.count < 2 else { return nil }
                i += 1
                if i + 2 <= bytes.count, bytes[i] != dash {
                    guard let value = number(i, 2) else { return nil }
                    parts.append(value)
                    i += 2
                } else {
                    parts.append(nil)
                }
            }
            var month = parts.first ?? nil
            var day = parts.count > 1 ? parts[1] : nil
            if day == 0 { day = nil }
            if month == 0 { month = nil }
            // A known day in an unknown month is not a date.
            if month == nil && day != nil { return nil }
            guard let date = PartialDate(year: year, month: month, day: day) else { return nil }
            return .some(date)
        }
    }

    /// Whether `text` equals `lowercase` (lowercase ASCII) ignoring ASCII case.
    static func equalsIgnoringCase(_ text: String, _ lowercase: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
            let expected = lowercase.utf8Start
            for i in 0..<bytes.count {
                let b = bytes[i]
                let lower = b >= 65 && b <= 90 ? b + 32 : b
                if lower != expected[i] { return false }
            }
            return true
        }
    }

    /// Whether `text` is the one-letter flag `letter` (an uppercase ASCII letter) in either case.
    static func isFlag(_ text: String, _ letter: UInt8) -> Bool {
        var text = text
        return text.withUTF8 { $0.count == 1 && ($0[0] == letter || $0[0] == letter + 32) }
    }

    /// Trims white space from both ends, without copying when there is nothing to trim (the usual case).
    static func trim(_ raw: String) -> String {
        guard let first = raw.utf8.first, let last = raw.utf8.last else { return raw }
        // ASCII other than space and controls at both ends: nothing to trim (non-ASCII ends take the slow path).
        if first > 32 && first < 0x80 && last > 32 && last < 0x80 { return raw }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let dateHint = "use YYYY, YYYY-MM or YYYY-MM-DD (an empty or 00 month or day means unknown: 2010-05-, 2010--)"
}

/// A problem with one row of an SFM file: the row is skipped, the rest is imported.
public struct SFMRowIssue: Sendable, Equatable, CustomStringConvertible {
    /// 1-based row number as a spreadsheet shows it (the header is row 1).
    public var row: Int
    /// 1-based line of the file the row starts on.
    public var line: Int
    /// The column at fault, by its header name; nil when the row as a whole is malformed.
    public var column: String?
    public var message: String

    public init(row: Int, line: Int, column: String?, message: String) {
        self.row = row
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        let place = row == line ? "row \(row)" : "row \(row) (line \(line))"
        return column.map { "\(place), column \($0): \(message)" } ?? "\(place): \(message)"
    }
}

/// A unit referred to by the file but not defined in it (nor, as the caller found, in the database):
/// imported as a placeholder so the relation or posting that names it is kept.
public struct SFMDanglingUnit: Sendable, Equatable, CustomStringConvertible {
    /// The Oversight id (`sfm-unit:…`).
    public var id: String
    /// The name the file gives it (the related-unit column), or the id when it gives none.
    public var name: String
    /// The first row that names it.
    public var row: Int

    public init(id: String, name: String, row: Int) {
        self.id = id
        self.name = name
        self.row = row
    }

    public var description: String { "\(id) (\"\(name)\", first named on row \(row))" }
}

/// A file that cannot be imported at all (no header, missing columns); nothing is imported.
public struct SFMFormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The columns of one SFM format, in documented order; the raw value indexes them.
protocol SFMColumn: RawRepresentable, CaseIterable where RawValue == Int {
    /// The column's name in the header.
    var header: String { get }
}

/// The header of an SFM file: where each column of the format is (case and surrounding spaces ignored).
struct SFMHeader {
    /// The header as written, trimmed.
    let names: [String]
    /// For each column of the format (by raw value), its field index; -1 when the file lacks that column.
    let positions: [Int]

    /// Reads the header row and checks that every required column is there.
    init<C: SFMColumn>(_ row: DelimitedTextReader.Row, columns: C.Type, required: [C], delimiter: UInt8, format: String) throws {
        var index: [String: Int] = [:]
        for (i, name) in row.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if index[key] == nil { index[key] = i }
        }
        var positions = [Int](repeating: -1, count: C.allCases.count)
        for column in C.allCases { positions[column.rawValue] = index[column.header] ?? -1 }
        let missing = required.filter { positions[$0.rawValue] < 0 }.map(\.header)
        if !missing.isEmpty {
            var message = "\(row.location) is not an SFM \(format) header: missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))"
            let joined = row.fields.joined()
            if row.fields.count == 1 {
                if delimiter != 9, joined.contains("\t") {
                    message += "; the header contains tabs, so the file looks tab-separated: pass --delimiter tab"
                } else if delimiter != UInt8(ascii: ","), joined.contains(",") {
                    message += "; the header contains commas, so the file looks comma-separated: pass --delimiter comma"
                }
            }
            throw SFMFormatError(message)
        }
        self.names = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.positions = positions
    }
}

/// Reads the rows of an SFM file: finds the header, checks each row's shape, and hands the well-formed rows
/// to `body` as cells; malformed rows become issues.
struct SFMRowReader<C: SFMColumn> {
    let delimiter: UInt8
    let required: [C]
    let format: String

    /// Returns the number of data rows read (blank lines excluded) and every problem found, in row order.
    /// `body` returns the problems of a well-formed row (empty when it was used).
    func read(_ data: Data, _ body: (inout SFMCells<C>) -> [SFMRowIssue]) throws -> (rows: Int, issues: [SFMRowIssue]) {
        var header: SFMHeader?
        var rows = 0
        var issues: [SFMRowIssue] = []
        var failure: SFMFormatError?
        let reader = DelimitedTextReader(delimiter: Character(Unicode.Scalar(delimiter)))!
        reader.read(data) { row in
            guard failure == nil, !row.isBlank else { return }
            guard let header else {
                do { header = try SFMHeader(row, columns: C.self, required: required, delimiter: delimiter, format: format) } catch {
                    failure = error as? SFMFormatError ?? SFMFormatError("\(error)")
                }
                return
            }
            rows += 1
            if row.tooLong {
                issues.append(SFMRowIssue(row: row.number, line: row.line, column: nil,
                                          message: "is longer than \(ReaderLimits.maxLineText), the most a row may hold, so the rest of the file could not be read; check for a quote that is never closed"))
                return
            }
            if row.unterminatedQuote {
                let column = row.fields.count <= header.names.count ? header.names[row.fields.count - 1] : nil
                issues.append(SFMRowIssue(row: row.number, line: row.line, column: column,
                                          message: "a quoted field starts here and is never closed, so the rest of the file could not be read; close the quote"))
                return
            }
            guard row.fields.count == header.names.count else {
                issues.append(SFMRowIssue(row: row.number, line: row.line, column: nil,
                                          message: "has \(row.fields.count) fields but the header has \(header.names.count); check the delimiter and the quotes"))
                return
            }
            var cells = SFMCells<C>(row: row, positions: header.positions)
            issues += body(&cells)
        }
        if let failure { throw failure }
        guard header != nil else { throw SFMFormatError("the file is empty; an SFM \(format) file starts with a header row naming its columns: \(required.map(\.header).joined(separator: ", "))") }
        return (rows, issues)
    }
}

/// The cells of one row by column, trimmed, collecting the row's problems.
struct SFMCells<C: SFMColumn> {
    let row: DelimitedTextReader.Row
    private let values: [String]
    var issues: [SFMRowIssue] = []

    init(row: DelimitedTextReader.Row, positions: [Int]) {
        self.row = row
        self.values = positions.map { $0 >= 0 ? SFM.trim(row.fields[$0]) : "" }
    }

    /// The trimmed cell, empty when the (optional) column is absent.
    subscript(_ column: C) -> String { values[column.rawValue] }

    mutating func issue(_ column: C?, _ message: String) {
        issues.append(SFMRowIssue(row: row.number, line: row.line, column: column?.header, message: message))
    }

    /// A date cell; records an issue for a malformed or impossible date.
    mutating func date(_ column: C) -> PartialDate? {
        let text = self[column]
        guard let parsed = SFM.date(text) else {
            issue(column, "'\(text)' is not a date; \(SFM.dateHint)")
            return nil
        }
        return parsed
    }

    /// A Y/N cell (any case); records an issue for anything else. Empty is `false`.
    mutating func flag(_ column: C) -> Bool {
        let text = self[column]
        if text.isEmpty || SFM.isFlag(text, UInt8(ascii: "N")) { return false }
        if SFM.isFlag(text, UInt8(ascii: "Y")) { return true }
        issue(column, "'\(text)' is not a flag; use Y or N")
        return false
    }
}

extension Record {
    /// The claim an import makes about a whole record, citing the import's source.
    static func sfmClaim(about id: String, source: String, note: String?) -> Record {
        .claim(Claim(id: SFM.claimID(entity: id, source: source), subject: id, status: .accepted, confidence: .medium,
                     citations: [Citation(source: source)], note: note))
    }
}
