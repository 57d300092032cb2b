import Foundation
import OversightCore

/// An SFM unit-relation file (one row per edge) read into units and relations, with the rows that could
/// not be used. Parsing is pure; `records(source:existingUnitIDs:_:)` then hands out what to store.
///
/// Columns (PRODUCT.md): `unit:id:admin`, `unit:name`, `unit:classification` (`;`-separated),
/// `unit:relation_type` (`child`|`member`), `unit:related_unit_id:admin` (the parent), `unit:related_unit`,
/// `unit:related_unit_class` (`command`|`informal`|`administrative`), `unit:related_unit_first_cited_date`,
/// `unit:related_unit_first_cited_date_start` (`Y`|`N`), `unit:related_unit_last_cited_date`,
/// `unit:related_unit_open` (`Y`|`N`|`E`). The mapping is documented in docs/SFM.md.
public struct SFMUnitFile: Sendable {
    public enum Column {
        public static let id = "unit:id:admin"
        public static let name = "unit:name"
        public static let classification = "unit:classification"
        public static let relationType = "unit:relation_type"
        public static let relatedID = "unit:related_unit_id:admin"
        public static let relatedName = "unit:related_unit"
        public static let relatedClass = "unit:related_unit_class"
        public static let firstCited = "unit:related_unit_first_cited_date"
        public static let firstCitedStart = "unit:related_unit_first_cited_date_start"
        public static let lastCited = "unit:related_unit_last_cited_date"
        public static let open = "unit:related_unit_open"
        /// Every column, in the documented order; all are required in the header.
        public static let all = [id, name, classification, relationType, relatedID, relatedName, relatedClass,
                                 firstCited, firstCitedStart, lastCited, open]
    }

    /// A relation read from one row, with what the import's claim about it notes.
    public struct RelationRow: Sendable, Equatable {
        public var relation: UnitRelation
        public var row: Int
        /// The SFM open flag as given (`Y`, `N`, `E`), nil when empty.
        public var openFlag: String?
    }

    /// The file name, for notes on placeholders.
    public var fileName: String
    /// Data rows read (blank lines excluded).
    public var rowsRead = 0
    /// Rows skipped because of a problem (each has one or more `issues`).
    public var rowsSkipped = 0
    public var rowsImported: Int { rowsRead - rowsSkipped }
    /// Problems, in row order; every skipped row has at least one.
    public var issues: [SFMRowIssue] = []
    /// The units the file defines, in the order first seen.
    public var units: [OversightCore.Unit] = []
    /// The first row defining each unit.
    public var unitRows: [String: Int] = [:]
    public var relations: [RelationRow] = []
    /// Parents named by relations but not defined by any imported row, by first mention.
    public var danglingParents: [SFMDanglingUnit] = []

    public init(fileName: String) { self.fileName = fileName }

    /// Reads `data`. Throws `SFMFormatError` only when the file as a whole is unusable (no header, missing
    /// columns); bad rows are collected in `issues` and skipped.
    public static func parse(_ data: Data, delimiter: Character, fileName: String) throws -> SFMUnitFile {
        guard let ascii = delimiter.asciiValue, DelimitedTextReader(delimiter: delimiter) != nil else {
            throw SFMFormatError("the delimiter must be one ASCII character other than a quote or a line break")
        }
        var file = SFMUnitFile(fileName: fileName)
        var unitIndex: [String: Int] = [:]
        var relationIDs: [String: Int] = [:]
        var parentMentions: [(id: String, name: String, row: Int)] = []
        let reader = SFMRowReader(delimiter: ascii, required: Column.all, format: "unit-relation")
        let (rows, issues) = try reader.read(data) { row, header -> [SFMRowIssue] in
            var cells = SFMCells(row: row, header: header)
            guard let parsed = parseRow(&cells) else {
                return cells.issues
            }
            let (unit, relation) = parsed
            if let i = unitIndex[unit.id] {
                // Later rows may spell the name differently or add tags: keep them as aliases and tags.
                var known = file.units[i]
                if unit.name != known.name, !known.aliases.contains(unit.name) { known.aliases.append(unit.name) }
                for tag in unit.classification where !known.classification.contains(tag) { known.classification.append(tag) }
                if known != file.units[i] { file.units[i] = known }
            } else {
                unitIndex[unit.id] = file.units.count
                file.unitRows[unit.id] = row.number
                file.units.append(unit)
            }
            if var relation {
                // Same child, parent, kind and first cited date twice: keep both, numbered by order.
                let n = relationIDs[relation.relation.id, default: 0] + 1
                relationIDs[relation.relation.id] = n
                if n > 1 { relation.relation.id += "/\(n)" }
                file.relations.append(relation)
                parentMentions.append((relation.relation.related, cells(Column.relatedName), row.number))
            }
            return []
        }
        file.rowsRead = rows
        file.issues = issues
        // Every skipped row has at least one issue, and every issue skips its row.
        file.rowsSkipped = Set(issues.map(\.row)).count
        var seen: Set<String> = []
        for mention in parentMentions where unitIndex[mention.id] == nil && seen.insert(mention.id).inserted {
            let value = mention.id.hasPrefix("sfm-unit:") ? String(mention.id.dropFirst("sfm-unit:".count)) : mention.id
            file.danglingParents.append(SFMDanglingUnit(id: mention.id, name: mention.name.isEmpty ? value : mention.name, row: mention.row))
        }
        return file
    }

    /// One row: its unit, and its relation when it names a parent; nil (with issues) when the row is bad.
    private static func parseRow(_ cells: inout SFMCells) -> (OversightCore.Unit, RelationRow?)? {
        let idValue = cells(Column.id)
        if idValue.isEmpty { cells.issue(Column.id, "is empty; every row needs the unit's SFM id") }
        let name = cells(Column.name)
        if name.isEmpty { cells.issue(Column.name, "is empty; every row needs the unit's name") }
        let tags = cells(Column.classification).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var classification: [String] = []
        for tag in tags where !classification.contains(tag) { classification.append(tag) }
        let unitID = SFM.unitID(idValue)

        let parentValue = cells(Column.relatedID)
        var relation: RelationRow?
        if parentValue.isEmpty {
            let filled = [Column.relationType, Column.relatedName, Column.relatedClass, Column.firstCited,
                          Column.firstCitedStart, Column.lastCited, Column.open].filter { !cells($0).isEmpty }
            if !filled.isEmpty {
                cells.issue(Column.relatedID, "is empty, but the row has relation data (\(filled.joined(separator: ", "))); give the parent's SFM id or clear those cells")
            }
        } else {
            let parentID = SFM.unitID(parentValue)
            if !idValue.isEmpty, parentID == unitID {
                cells.issue(Column.relatedID, "is the unit's own id; a unit cannot be its own parent")
            }
            let kind: RelationKind?
            switch cells(Column.relationType).lowercased() {
            case "child": kind = .childOf
            case "member": kind = .memberOf
            case "": kind = nil; cells.issue(Column.relationType, "is empty; use child or member")
            case let other: kind = nil; cells.issue(Column.relationType, "'\(other)' is not a relation type; use child or member")
            }
            let classText = cells(Column.relatedClass)
            var relationClass: String?
            switch classText.lowercased() {
            case "": relationClass = nil
            case "command", "informal", "administrative": relationClass = classText.lowercased()
            default: cells.issue(Column.relatedClass, "'\(classText)' is not a relation class; use command, informal or administrative")
            }
            let first = cells.date(Column.firstCited)
            let startIsReal = cells.flag(Column.firstCitedStart)
            if startIsReal, first == nil, cells(Column.firstCited).isEmpty {
                cells.issue(Column.firstCitedStart, "is Y, but there is no first cited date to be the real start")
            }
            let last = cells.date(Column.lastCited)
            let openText = cells(Column.open).uppercased()
            var endIsReal = false
            switch openText {
            case "", "Y", "N": endIsReal = false
            case "E":
                endIsReal = true
                if last == nil, cells(Column.lastCited).isEmpty {
                    cells.issue(Column.open, "is E, but there is no last cited date to be the real end")
                }
            default: cells.issue(Column.open, "'\(cells(Column.open))' is not an open flag; use Y (still open), N (not known to continue) or E (ended)")
            }
            let range = DateRange(start: first, startIsReal: startIsReal, end: last, endIsReal: endIsReal, precise: true)
            if range.isInverted {
                cells.issue(Column.lastCited, "'\(last!)' is before the first cited date '\(first!)'; swap the dates or fix the typo")
            }
            if let kind {
                let id = "sfm-relation:\(unitID)/\(parentID)/\(kind.rawValue)/\(first?.description ?? "undated")"
                relation = RelationRow(
                    relation: UnitRelation(id: id, unit: unitID, related: parentID, kind: kind,
                                           relationClass: relationClass, range: range),
                    row: cells.row.number, openFlag: openText.isEmpty ? nil : openText)
            }
        }
        guard cells.issues.isEmpty else { return nil }
        return (OversightCore.Unit(id: unitID, name: name, classification: classification), relation)
    }

    /// The placeholder units to create: dangling parents that the database does not already hold.
    public func placeholders(existingUnitIDs: Set<String>) -> [OversightCore.Unit] {
        danglingParents.filter { !existingUnitIDs.contains($0.id) }.map {
            OversightCore.Unit(id: $0.id, name: $0.name,
                 note: "Placeholder: named as a parent on row \($0.row) of the SFM file \(fileName), which does not list it as a unit.")
        }
    }

    /// Hands out the records to store: the source, the units (placeholders included), the relations, and one
    /// claim citing the source for each of them. `existingUnitIDs` are dangling parents the database already
    /// holds; they get no placeholder (which would overwrite them).
    public func records(source: Source, existingUnitIDs: Set<String> = [], _ body: (Record) throws -> Void) rethrows {
        try body(.source(source))
        for unit in units {
            try body(.unit(unit))
            try body(Record.sfmClaim(about: unit.id, source: source.id, note: "SFM row \(unitRows[unit.id] ?? 0)"))
        }
        for unit in placeholders(existingUnitIDs: existingUnitIDs) {
            try body(.unit(unit))
            try body(Record.sfmClaim(about: unit.id, source: source.id, note: "Placeholder for a parent the SFM file names but does not list"))
        }
        for item in relations {
            try body(.relation(item.relation))
            try body(Record.sfmClaim(about: item.relation.id, source: source.id, note: SFMUnitFile.note(item)))
        }
    }

    /// The note on a relation's claim: its row, and the open flag where the range alone cannot tell it.
    static func note(_ item: RelationRow) -> String {
        switch item.openFlag {
        case "Y": return "SFM row \(item.row); open flag Y: still open on the last cited date"
        case "N": return "SFM row \(item.row); open flag N: not known to continue after the last cited date"
        case "E": return "SFM row \(item.row); open flag E: the last cited date is the real end"
        default: return "SFM row \(item.row)"
        }
    }
}
