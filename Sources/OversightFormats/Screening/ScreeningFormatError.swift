import OversightCore

/// A list file that cannot be read, with where (line and column when known) and what to do about it.
public struct ScreeningFormatError: Error, Sendable, CustomStringConvertible, Equatable {
    /// `un-sc-xml`, `ftm`, `opensanctions-csv`, `blocklist-csv`, `screening-csv`.
    public var format: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(format: String, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.format = format
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        var place = ""
        if let line {
            place = "line \(line)"
            if let column { place += ", column \(column)" }
            place += ": "
        }
        return "\(format): \(place)\(message)"
    }
}

/// The entries read from one list file.
public struct ScreeningListFile: Sendable {
    public var entries: [ListEntry]
    /// The publisher's version or generation date, when the file says.
    public var version: String?
    /// Records left out, with why (e.g. FtM entities that are not sanctioned parties).
    public var skipped: [String: Int]

    public init(entries: [ListEntry], version: String? = nil, skipped: [String: Int] = [:]) {
        self.entries = entries
        self.version = version
        self.skipped = skipped
    }
}
