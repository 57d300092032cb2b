import Foundation

/// A report's table as text cells: what the page shows, what the CSV download holds and what the JSON
/// download's `tables` hold are all this one value, so the three cannot disagree.
public struct ReportTable: Sendable, Hashable, Codable {
    public struct Column: Sendable, Hashable, Codable {
        /// Stable key, used as the CSV header.
        public var key: String
        /// Heading for people.
        public var title: String
        /// Right-aligned number.
        public var numeric: Bool

        public init(_ key: String, _ title: String, numeric: Bool = false) {
            self.key = key
            self.title = title
            self.numeric = numeric
        }
    }

    /// Stable identifier of the table within its report, e.g. `matrix`, `regions`.
    public var id: String
    public var title: String
    public var columns: [Column]
    public var rows: [[String]]
    /// The totals row, when the table has one (its cells are sums of the rows above).
    public var totals: [String]?
    /// What the numbers mean (units, currency, caveats).
    public var notes: [String]

    public init(id: String, title: String, columns: [Column], rows: [[String]], totals: [String]? = nil, notes: [String] = []) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.totals = totals
        self.notes = notes
    }

    /// RFC 4180 CSV: the header of column keys, the rows, then the totals row when there is one. Lines end in CRLF.
    public func csv() -> String {
        var lines = [columns.map { Self.csvField($0.key) }.joined(separator: ",")]
        for row in rows { lines.append(row.map(Self.csvField).joined(separator: ",")) }
        if let totals { lines.append(totals.map(Self.csvField).joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    public static func csvField(_ text: String) -> String {
        // By bytes: a CRLF inside the text is one Character, "\r\n", equal to neither "\n" nor "\r" (found by fuzzing).
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A GitHub-flavoured Markdown table with its title and notes.
    public func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = ["### \(title)", ""]
        out.append("| " + columns.map { cell($0.title) }.joined(separator: " | ") + " |")
        out.append("|" + columns.map { $0.numeric ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows { out.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        if let totals { out.append("| " + totals.map { $0.isEmpty ? "" : "**\(cell($0))**" }.joined(separator: " | ") + " |") }
        if rows.isEmpty { out += ["", "_No rows._"] }
        for note in notes { out += ["", note] }
        return out.joined(separator: "\n") + "\n"
    }

    /// Aligned plain text for a terminal.
    public func plainText() -> String {
        var all = [columns.map(\.title)] + rows
        if let totals { all.append(totals) }
        var widths = Array(repeating: 0, count: columns.count)
        for row in all { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return columns[i].numeric ? pad + c : c + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [title, String(repeating: "=", count: title.count), line(columns.map(\.title))]
        out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out += rows.map(line)
        if let totals {
            out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            out.append(line(totals))
        }
        if rows.isEmpty { out.append("(no rows)") }
        out += notes.map { "Note: \($0)" }
        return out.joined(separator: "\n") + "\n"
    }
}

/// A report as the interfaces show it: a title, what it covers, and its tables.
public struct ReportDocument: Sendable, Hashable, Codable {
    /// `exports`, `att`, `coarm`, `transfers`, `watchdog`.
    public var kind: String
    public var title: String
    /// One line per filter and input, e.g. "Year: 2023", "Exporter: CA".
    public var scope: [String]
    public var tables: [ReportTable]
    public var notes: [String]

    public init(kind: String, title: String, scope: [String], tables: [ReportTable], notes: [String] = []) {
        self.kind = kind
        self.title = title
        self.scope = scope
        self.tables = tables
        self.notes = notes
    }

    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }

    public func markdown() -> String {
        var out = ["# \(title)", ""]
        out += scope.map { "- \($0)" }
        for note in notes { out += ["", note] }
        for table in tables { out += ["", table.markdown()] }
        return out.joined(separator: "\n")
    }

    public func plainText() -> String {
        var out = [title] + scope
        out += notes
        for table in tables { out += ["", table.plainText()] }
        return out.joined(separator: "\n")
    }

    /// The CSV of one table (the first when `table` is nil).
    public func csv(table id: String? = nil) -> String? {
        (id.map { self.table($0) } ?? tables.first)?.csv()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
