import Foundation

/// One bad row of a licensing file (EU member-state table, UK licence data): where it is, which column, what is
/// wrong and how to fix it. The readers return these beside the rows they could read, one per bad row.
public struct LicensingRowProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, when a reader takes more than one (`criteria` for the UK refusal criteria); nil for the main one.
    public var file: String?
    /// 1-based line of the file; 0 for a problem with the file as a whole.
    public var line: Int
    /// The column, by its name in the layout (`value`, `category`…); nil when the row as a whole is wrong.
    public var column: String?
    /// What is wrong, quoting the value.
    public var message: String
    /// What to do about it.
    public var hint: String

    public init(file: String? = nil, line: Int, column: String?, message: String, hint: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `line 7, column value: '12x' is not a whole number; write the count or the amount in euros, e.g. 435148`.
    public var description: String {
        let at = (file.map { "\($0) " } ?? "") + (line == 0 ? "file" : "line \(line)")
        return "\(at)\(column.map { ", column \($0)" } ?? ""): \(message); \(hint)"
    }
}

/// The limits every licensing reader enforces, so a malformed or hostile file cannot make one row cost
/// unbounded memory: a field longer than `maximumFieldLength` characters or a row with more than
/// `maximumFields` fields is reported as a bad row (and not read); after `maximumProblems` problems the reader
/// stops listing them and says how many there were.
public enum LicensingLimits {
    public static let maximumFieldLength = 4_096
    public static let maximumFields = 64
    public static let maximumProblems = 1_000

    /// The problem for an over-long row or field, nil when the row is within the limits.
    static func check(_ fields: [String], line: Int, columns: [String]) -> LicensingRowProblem? {
        if fields.count > maximumFields {
            return LicensingRowProblem(line: line, column: nil, message: "the row has \(fields.count) fields, more than the \(maximumFields) allowed",
                                       hint: "check the delimiter and the quoting of this line")
        }
        if let i = fields.firstIndex(where: { $0.count > maximumFieldLength }) {
            return LicensingRowProblem(line: line, column: i < columns.count ? columns[i] : "field \(i + 1)",
                                       message: "the field is \(fields[i].count) characters long, more than the \(maximumFieldLength) allowed",
                                       hint: "check for a quote that is never closed on or before this line")
        }
        return nil
    }

    /// Appends `problem`, or counts it once `problems` holds `maximumProblems`.
    static func add(_ problem: LicensingRowProblem, to problems: inout [LicensingRowProblem], omitted: inout Int) {
        if problems.count < maximumProblems { problems.append(problem) } else { omitted += 1 }
    }
}
