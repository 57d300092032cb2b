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
    /// The columns, in documented order; all are required in the header (other columns are ignored).
    public enum Column: Int, CaseIterable, Sendable, SFMColumn {
        case id, name, classification, relationType, relatedID, relatedName, relatedClass, firstCited,
             firstCitedStart, lastCited, open

        /// The column's name in the header.
        public var header: String {
            switch self {
            case .id: return "unit:id:admin"
            case .name: return "unit:name"
            case .classification: return "unit:classification"
            case .relationType: return "unit:relation_type"
            case .relatedID: return "unit:related_unit_id:admin"
            case .relatedName: return "unit:related_unit"
            case .relatedClass: return "unit:related_unit_class"
            case .firstCited: return "unit:related_unit_first_cited_date"
            case .firstCitedStart: return "unit:related_unit_first_cited_date_start"
            case .lastCited: return "unit:related_unit_last_cited_date"
            case .open: return "unit:related_unit_open"
            }
        }
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
    /// The first row defining each unit, by position in `units`.
    public var unitRows: [Int] = []
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
        let reader = SFMRowReader<Column>(delimiter: ascii, required: Column.allCases, format: "unit-relation")
        let (rows, issues) = try reader.read(data) { cells -> [SFMRowIssue] in
            let row = cells.row
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
                file.unitRows.append(row.number)
                file.units.append(unit)
            }
            if var relation {
                // Same child, parent, kind and first cited date twice: keep both, numbered by order.
                let n = relationIDs[relation.relation.id, default: 0] + 1
                relationIDs[relation.relation.id] = n
                if n > 1 { relation.relation.id += "/\(n)" }
                file.relations.append(relation)
                parentMentions.append((relation.relation.related, cells[.relatedName], row.number))
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
    private static func parseRow(_ cells: inout SFMCells<Column>) -> (OversightCore.Unit, RelationRow?)? {
        let idValue = cells[.id]
        if idValue.isEmpty { cells.issue(.id, "is empty; every row needs the unit's SFM id") }
        let name = cells[.name]
        if name.isEmpty { cells.issue(.name, "is empty; every row needs the unit's name") }
        var classification: [String] = []
        let tagText = cells[.classification]
        if !tagText.isEmpty {
            for part in tagText.utf8.split(separator: UInt8(ascii: ";")) {
                let tag = SFM.trim(String(Substring(part)))
                if !tag.isEmpty && !classification.contains(tag) { classification.append(tag) }
            }
        }
        let unitID = SFM.unitID(idValue)

        let parentValue = cells[.relatedID]
        var relation: RelationRow?
        if parentValue.isEmpty {
            let filled: [Column] = [.relationType, .relatedName, .relatedClass, .firstCited, .firstCitedStart, .lastCited, .open]
                .filter { !cells[$0].isEmpty }
            if !filled.isEmpty {
                cells.issue(.relatedID, "is empty, but the row has relation data (\(filled.map(\.header).joined(separator: ", "))); give the parent's SFM id or clear those cells")
            }
        } else {
            let parentID = SFM.unitID(parentValue)
            if !idValue.isEmpty, parentID == unitID {
                cells.issue(.relatedID, "is the unit's own id; a unit cannot be its own parent")
            }
            let kind: RelationKind?
            let typeText = cells[.relationType]
            if SFM.equalsIgnoringCase(typeText, "child") {
                kind = .childOf
            } else if SFM.equalsIgnoringCase(typeText, "member") {
                kind = .memberOf
            } else {
                kind = nil
                cells.issue(.relationType, typeText.isEmpty ? "is empty; use child or member"
                                                            : "'\(typeText)' is not a relation type; use child or member")
            }
            let classText = cells[.relatedClass]
            var relationClass: String?
            if classText.isEmpty {
                relationClass = nil
            } else if SFM.equalsIgnoringCase(classText, "command") {
                relationClass = "command"
            } else if SFM.equalsIgnoringCase(classText, "informal") {
                relationClass = "informal"
            } else if SFM.equalsIgnoringCase(classText, "administrative") {
                relationClass = "administrative"
            } else {
                cells.issue(.relatedClass, "'\(classText)' is not a relation class; use command, informal or administrative")
            }
            let first = cells.date(.firstCited)
            let startIsReal = cells.flag(.firstCitedStart)
            if startIsReal, first == nil, cells[.firstCited].isEmpty {
                cells.issue(.firstCitedStart, "is Y, but there is no first cited date to be the real start")
            }
            let last = cells.date(.lastCited)
            let openText = cells[.open]
            var openFlag: String?
            var endIsReal = false
            if openText.isEmpty {
                openFlag = nil
            } else if SFM.isFlag(openText, UInt8(ascii: "Y")) {
                openFlag = "Y"
            } else if SFM.isFlag(openText, UInt8(ascii: "N")) {
                openFlag = "N"
            } else if SFM.isFlag(openText, UInt8(ascii: "E")) {
                openFlag = "E"
                endIsReal = true
                if last == nil, cells[.lastCited].isEmpty {
                    cells.issue(.open, "is E, but there is no last cited date to be the real end")
                }
            } else {
                cells.issue(.open, "'\(openText)' is not an open flag; use Y (still open), N (not known to continue) or E (ended)")
            }
            let range = DateRange(start: first, startIsReal: startIsReal, end: last, endIsReal: endIsReal, precise: true)
            if range.isInverted {
                cells.issue(.lastCited, "'\(last!)' is before the first cited date '\(first!)'; swap the dates or fix the typo")
            }
            if let kind {
                let id = "sfm-relation:\(unitID)/\(parentID)/\(kind.rawValue)/\(first?.description ?? "undated")"
                relation = RelationRow(
                    relation: UnitRelation(id: id, unit: unitID, related: parentID, kind: kind,
                                           relationClass: relationClass, range: range),
                    row: cells.row.number, openFlag: openFlag)
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
    /// `body` receives each record with its canonical JSON text.
    public func records(source: Source, existingUnitIDs: Set<String> = [], _ body: (Record, String) throws -> Void) rethrows {
        func emit(_ record: Record) throws { try body(record, SFMCanonicalJSON.text(record)) }
        try emit(.source(source))
        for (unit, row) in zip(units, unitRows) {
            try emit(.unit(unit))
            try emit(Record.sfmClaim(about: unit.id, source: source.id, note: "SFM row \(row)"))
        }
        for unit in placeholders(existingUnitIDs: existingUnitIDs) {
            try emit(.unit(unit))
            try emit(Record.sfmClaim(about: unit.id, source: source.id, note: "Placeholder for a parent the SFM file names but does not list"))
        }
        for item in relations {
            try emit(.relation(item.relation))
            try emit(Record.sfmClaim(about: item.relation.id, source: source.id, note: SFMUnitFile.note(item)))
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
