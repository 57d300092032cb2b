import Foundation
import OversightCore

/// Shared rules of the Security Force Monitor (WhoWasInCommand) flat formats; see docs/SFM.md.
public enum SFM {
    /// The Oversight id of an SFM unit id: `sfm-unit:<value>`, or the value itself when it already
    /// contains `:` (it is then taken to be an Oversight id, e.g. `unit:pnp`).
    public static func unitID(_ value: String) -> String { value.contains(":") ? value : "sfm-unit:" + value }

    /// The Oversight id of an SFM person id: `sfm-person:<value>`, or the value itself when it contains `:`.
    public static func personID(_ value: String) -> String { value.contains(":") ? value : "sfm-person:" + value }

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

    /// Parses an SFM date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, where a `00` month or day means unknown
    /// (`2010-05-00` is May 2010, `2010-00-00` is 2010). Empty text is `.some(nil)`; a malformed or
    /// impossible date is nil.
    static func date(_ text: String) -> PartialDate?? {
        if text.isEmpty { return .some(nil) }
        var parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        // Unknown parts written as 00 are dropped from the right; a known day in an unknown month is not a date.
        while parts.count > 1, parts.last == "00" { parts.removeLast() }
        guard let date = PartialDate(parts.joined(separator: "-")) else { return nil }
        return .some(date)
    }

    /// A `Y`/`N` flag (any case); empty is nil, anything else is `.invalid`.
    enum YesNo { case yes, no, empty, invalid }

    static func yesNo(_ text: String) -> YesNo {
        switch text.uppercased() {
        case "": return .empty
        case "Y": return .yes
        case "N": return .no
        default: return .invalid
        }
    }

    static let dateHint = "use YYYY, YYYY-MM or YYYY-MM-DD (a 00 month or day means unknown)"
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

/// The header of an SFM file: where each known column is.
struct SFMHeader {
    let names: [String]
    private let index: [String: Int]

    /// Finds the header (the first non-blank row) and checks that every required column is there.
    init(_ row: DelimitedTextReader.Row, required: [String], delimiter: UInt8, format: String) throws {
        var index: [String: Int] = [:]
        for (i, name) in row.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if index[key] == nil { index[key] = i }
        }
        let missing = required.filter { index[$0] == nil }
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
        self.index = index
    }

    func position(_ column: String) -> Int? { index[column] }
}

/// Reads the rows of an SFM file: finds the header, checks each row's shape, and hands the well-formed rows
/// to `body` with a cell accessor; malformed rows become issues.
struct SFMRowReader {
    let delimiter: UInt8
    let required: [String]
    let format: String

    /// Returns the number of data rows read (blank lines excluded) and every problem found, in row order.
    /// `body` returns the problems of a well-formed row (empty when it was used).
    func read(_ data: Data,
              _ body: (DelimitedTextReader.Row, SFMHeader) -> [SFMRowIssue]) throws -> (rows: Int, issues: [SFMRowIssue]) {
        var header: SFMHeader?
        var rows = 0
        var issues: [SFMRowIssue] = []
        var failure: SFMFormatError?
        let reader = DelimitedTextReader(delimiter: Character(Unicode.Scalar(delimiter)))!
        reader.read(data) { row in
            guard failure == nil, !row.isBlank else { return }
            guard let header else {
                do { header = try SFMHeader(row, required: required, delimiter: delimiter, format: format) } catch {
                    failure = error as? SFMFormatError ?? SFMFormatError("\(error)")
                }
                return
            }
            rows += 1
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
            issues += body(row, header)
        }
        if let failure { throw failure }
        guard header != nil else { throw SFMFormatError("the file is empty; an SFM \(format) file starts with a header row naming its columns") }
        return (rows, issues)
    }
}

/// The cells of one row by column name, trimmed, collecting the row's problems.
struct SFMCells {
    let row: DelimitedTextReader.Row
    let header: SFMHeader
    var issues: [SFMRowIssue] = []

    init(row: DelimitedTextReader.Row, header: SFMHeader) {
        self.row = row
        self.header = header
    }

    /// The trimmed cell, empty when the (optional) column is absent.
    func callAsFunction(_ column: String) -> String {
        guard let i = header.position(column) else { return "" }
        let raw = row.fields[i]
        // Most cells have no surrounding spaces; avoid building a new string for them.
        if let first = raw.utf8.first, let last = raw.utf8.last, first > 32, last > 32 { return raw }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func issue(_ column: String?, _ message: String) {
        issues.append(SFMRowIssue(row: row.number, line: row.line, column: column, message: message))
    }

    /// A date cell; records an issue for a malformed or impossible date.
    mutating func date(_ column: String) -> PartialDate? {
        let text = self(column)
        guard let parsed = SFM.date(text) else {
            issue(column, "'\(text)' is not a date; \(SFM.dateHint)")
            return nil
        }
        return parsed
    }

    /// A Y/N cell; records an issue for anything else. Empty is `false`.
    mutating func flag(_ column: String) -> Bool {
        switch SFM.yesNo(self(column)) {
        case .yes: return true
        case .no, .empty: return false
        case .invalid:
            issue(column, "'\(self(column))' is not a flag; use Y or N")
            return false
        }
    }
}

extension Record {
    /// The claim an import makes about a whole record, citing the import's source.
    static func sfmClaim(about id: String, source: String, note: String?) -> Record {
        .claim(Claim(id: SFM.claimID(entity: id, source: source), subject: id, status: .accepted, confidence: .medium,
                     citations: [Citation(source: source)], note: note))
    }
}
