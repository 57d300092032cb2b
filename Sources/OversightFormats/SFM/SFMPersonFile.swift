import Foundation
import OversightCore

/// An SFM persons/postings file (one row per posting) read into persons and postings, with the rows that
/// could not be used. Parsing is pure; `records(source:existingUnitIDs:_:)` then hands out what to store.
///
/// Columns: `person:id:admin`, `person:name`, `person:posting_unit_id:admin`, `person:posting_role`,
/// `person:posting_title`, `person:posting_rank`, `person:posting_first_cited_date`,
/// `person:posting_first_cited_date_start` (`Y`|`N`), `person:posting_last_cited_date`,
/// `person:posting_last_cited_date_end` (`Y`|`N`); optionally `person:posting_unit` (the unit's name, used
/// only to name a placeholder). The mapping is documented in docs/SFM.md.
public struct SFMPersonFile: Sendable {
    /// The columns, in documented order; all but `unitName` are required (other columns are ignored).
    public enum Column: Int, CaseIterable, Sendable, SFMColumn {
        case id, name, unitID, role, title, rank, firstCited, firstCitedStart, lastCited, lastCitedEnd
        /// Optional: the posting unit's name, used only to name a placeholder unit.
        case unitName

        /// The column's name in the header.
        public var header: String {
            switch self {
            case .id: return "person:id:admin"
            case .name: return "person:name"
            case .unitID: return "person:posting_unit_id:admin"
            case .role: return "person:posting_role"
            case .title: return "person:posting_title"
            case .rank: return "person:posting_rank"
            case .firstCited: return "person:posting_first_cited_date"
            case .firstCitedStart: return "person:posting_first_cited_date_start"
            case .lastCited: return "person:posting_last_cited_date"
            case .lastCitedEnd: return "person:posting_last_cited_date_end"
            case .unitName: return "person:posting_unit"
            }
        }

        /// The columns a file must have.
        public static let required: [Column] = allCases.filter { $0 != .unitName }
    }

    /// A posting read from one row, with what the import's claim about it notes.
    public struct PostingRow: Sendable, Equatable {
        public var posting: Posting
        public var row: Int
        /// The SFM role when it did not map to a known `PostRole` (kept here because `title` keeps the title).
        public var unmappedRole: String?
    }

    public var fileName: String
    public var rowsRead = 0
    public var rowsSkipped = 0
    public var rowsImported: Int { rowsRead - rowsSkipped }
    public var issues: [SFMRowIssue] = []
    /// The persons the file defines, in the order first seen.
    public var persons: [Person] = []
    /// The first row defining each person, by position in `persons`.
    public var personRows: [Int] = []
    public var postings: [PostingRow] = []
    /// Every unit the postings name, with the name the file gives it (if any) and the first row; the caller
    /// checks which exist in the database and passes them to `records`.
    public var postingUnits: [SFMDanglingUnit] = []

    public init(fileName: String) { self.fileName = fileName }

    /// Maps an SFM role (any case, spaces/hyphens/underscores alike) to a `PostRole`; `.other` when unknown.
    public static func role(_ text: String) -> PostRole {
        let key = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" })
            .joined(separator: " ")
        return roleTable[key] ?? .other
    }

    static let roleTable: [String: PostRole] = [
        "commander": .commander, "commanding officer": .commander, "commander in chief": .commander,
        "acting commander": .actingCommander, "interim commander": .actingCommander,
        "deputy commander": .deputyCommander, "second in command": .deputyCommander,
        "chief of staff": .chiefOfStaff,
        "chief": .chief, "head": .chief, "director": .chief, "director general": .chief,
        "minister": .minister,
        "president": .headOfState, "head of state": .headOfState,
        "prime minister": .headOfGovernment, "head of government": .headOfGovernment,
        "staff": .staff, "staff officer": .staff,
        "on scene commander": .onScene,
        "member": .member,
    ]

    /// Reads `data`. Throws `SFMFormatError` only when the file as a whole is unusable.
    public static func parse(_ data: Data, delimiter: Character, fileName: String) throws -> SFMPersonFile {
        guard let ascii = delimiter.asciiValue, DelimitedTextReader(delimiter: delimiter) != nil else {
            throw SFMFormatError("the delimiter must be one ASCII character other than a quote or a line break")
        }
        var file = SFMPersonFile(fileName: fileName)
        var personIndex: [String: Int] = [:]
        var postingIDs: [String: Int] = [:]
        var unitIndex: [String: Int] = [:]
        let reader = SFMRowReader<Column>(delimiter: ascii, required: Column.required, format: "persons")
        let (rows, issues) = try reader.read(data) { cells -> [SFMRowIssue] in
            let row = cells.row
            guard let (person, posting) = parseRow(&cells) else {
                return cells.issues
            }
            if let i = personIndex[person.id] {
                if person.name != file.persons[i].name, !file.persons[i].aliases.contains(person.name) {
                    file.persons[i].aliases.append(person.name)
                }
            } else {
                personIndex[person.id] = file.persons.count
                file.personRows.append(row.number)
                file.persons.append(person)
            }
            if var posting {
                let n = postingIDs[posting.posting.id, default: 0] + 1
                postingIDs[posting.posting.id] = n
                if n > 1 { posting.posting.id += "/\(n)" }
                file.postings.append(posting)
                let unitName = cells[.unitName]
                if let i = unitIndex[posting.posting.unit] {
                    if file.postingUnits[i].name == posting.posting.unit, !unitName.isEmpty { file.postingUnits[i].name = unitName }
                } else {
                    unitIndex[posting.posting.unit] = file.postingUnits.count
                    file.postingUnits.append(SFMDanglingUnit(id: posting.posting.unit, name: unitName.isEmpty ? posting.posting.unit : unitName,
                                                             row: row.number))
                }
            }
            return []
        }
        file.rowsRead = rows
        file.issues = issues
        file.rowsSkipped = Set(issues.map(\.row)).count
        return file
    }

    private static func parseRow(_ cells: inout SFMCells<Column>) -> (Person, PostingRow?)? {
        let idValue = cells[.id]
        if idValue.isEmpty { cells.issue(.id, "is empty; every row needs the person's SFM id") }
        let name = cells[.name]
        if name.isEmpty { cells.issue(.name, "is empty; every row needs the person's name") }
        let personID = SFM.personID(idValue)
        let unitValue = cells[.unitID]
        var posting: PostingRow?
        if unitValue.isEmpty {
            let filled: [Column] = [.role, .title, .rank, .firstCited, .firstCitedStart, .lastCited, .lastCitedEnd]
                .filter { !cells[$0].isEmpty }
            if !filled.isEmpty {
                cells.issue(.unitID, "is empty, but the row has posting data (\(filled.map(\.header).joined(separator: ", "))); give the unit's SFM id or clear those cells")
            }
        } else {
            let unitID = SFM.unitID(unitValue)
            let roleText = cells[.role]
            let role = SFMPersonFile.role(roleText)
            let title = cells[.title]
            let rank = cells[.rank]
            let first = cells.date(.firstCited)
            let startIsReal = cells.flag(.firstCitedStart)
            if startIsReal, first == nil, cells[.firstCited].isEmpty {
                cells.issue(.firstCitedStart, "is Y, but there is no first cited date to be the real start")
            }
            let last = cells.date(.lastCited)
            let endIsReal = cells.flag(.lastCitedEnd)
            if endIsReal, last == nil, cells[.lastCited].isEmpty {
                cells.issue(.lastCitedEnd, "is Y, but there is no last cited date to be the real end")
            }
            let range = DateRange(start: first, startIsReal: startIsReal, end: last, endIsReal: endIsReal, precise: true)
            if range.isInverted {
                cells.issue(.lastCited, "'\(last!)' is before the first cited date '\(first!)'; swap the dates or fix the typo")
            }
            let unmapped = role == .other && !roleText.isEmpty ? roleText : nil
            // Without a title the verbatim role is the best title there is.
            let keptTitle = title.isEmpty ? unmapped : title
            let id = "sfm-posting:\(personID)/\(unitID)/\(role.rawValue)/\(first?.description ?? "undated")"
            posting = PostingRow(
                posting: Posting(id: id, person: personID, unit: unitID, role: role, title: keptTitle,
                                 rank: rank.isEmpty ? nil : rank, range: range),
                row: cells.row.number, unmappedRole: unmapped)
        }
        guard cells.issues.isEmpty else { return nil }
        return (Person(id: personID, name: name), posting)
    }

    /// Hands out the records to store: the source, the persons, placeholder units for posting units that are
    /// neither in `existingUnitIDs` (what the database holds) nor anywhere else, the postings, and one claim
    /// citing the source for each of them.
    /// `body` receives each record with its canonical JSON text.
    public func records(source: Source, existingUnitIDs: Set<String>, _ body: (Record, String) throws -> Void) rethrows {
        func emit(_ record: Record) throws { try body(record, SFMCanonicalJSON.text(record)) }
        try emit(.source(source))
        for (person, row) in zip(persons, personRows) {
            try emit(.person(person))
            try emit(Record.sfmClaim(about: person.id, source: source.id, note: "SFM row \(row)"))
        }
        for unit in placeholders(existingUnitIDs: existingUnitIDs) {
            try emit(.unit(unit))
            try emit(Record.sfmClaim(about: unit.id, source: source.id, note: "Placeholder for a posting unit the SFM file names"))
        }
        for item in postings {
            try emit(.posting(item.posting))
            var note = "SFM row \(item.row)"
            if let role = item.unmappedRole { note += "; SFM role '\(role)' (not a known role, imported as other)" }
            try emit(Record.sfmClaim(about: item.posting.id, source: source.id, note: note))
        }
    }

    /// Posting units that the database does not hold: they become placeholder units.
    public func danglingUnits(existingUnitIDs: Set<String>) -> [SFMDanglingUnit] {
        postingUnits.filter { !existingUnitIDs.contains($0.id) }
    }

    public func placeholders(existingUnitIDs: Set<String>) -> [OversightCore.Unit] {
        danglingUnits(existingUnitIDs: existingUnitIDs).map {
            OversightCore.Unit(id: $0.id, name: $0.name,
                 note: "Placeholder: a posting unit on row \($0.row) of the SFM file \(fileName), not yet imported as a unit.")
        }
    }
}
