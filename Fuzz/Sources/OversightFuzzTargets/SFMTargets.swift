import Foundation
import OversightCore
import OversightFormats

/// SFM flat files: a file is either refused as a whole (`SFMFormatError` naming the row or the columns) or
/// read into rows, each skipped with issues naming its row and column, or imported. What an import would
/// store must pass validation, every reference must point at a record the import stores (no database is
/// assumed, so every unit the file names but does not define gets a placeholder), and each record's canonical
/// text (SFM's fast encoder) must decode to the record itself.
enum SFMTargets {
    static let source = SFM.source(id: "src:sfm-fuzz", title: "fuzz", published: PartialDate(year: 2024)!, fileName: "fuzz.csv")

    @Sendable static func units(_ data: Data) {
        let name = "sfm-units"
        let file: SFMUnitFile
        do {
            file = try SFMUnitFile.parse(data, delimiter: ",", fileName: "fuzz.csv")
        } catch let error as SFMFormatError {
            FuzzCheck.expect(FuzzCheck.namesPlace(error.description, fields: SFMUnitFile.Column.allCases.map(\.header)), name,
                             "a format error names no row or column: \(error)")
            return
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        checkIssues(file.issues, columns: SFMUnitFile.Column.allCases.map(\.header), name)
        FuzzCheck.expect(file.rowsSkipped <= file.rowsRead, name, "\(file.rowsSkipped) rows skipped of \(file.rowsRead)")
        var records: [(Record, String)] = []
        file.records(source: source) { records.append(($0, $1)) }
        checkRecords(records, name)
    }

    @Sendable static func persons(_ data: Data) {
        let name = "sfm-persons"
        let file: SFMPersonFile
        do {
            file = try SFMPersonFile.parse(data, delimiter: ",", fileName: "fuzz.csv")
        } catch let error as SFMFormatError {
            FuzzCheck.expect(FuzzCheck.namesPlace(error.description, fields: SFMPersonFile.Column.allCases.map(\.header)), name,
                             "a format error names no row or column: \(error)")
            return
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        checkIssues(file.issues, columns: SFMPersonFile.Column.allCases.map(\.header), name)
        FuzzCheck.expect(file.rowsSkipped <= file.rowsRead, name, "\(file.rowsSkipped) rows skipped of \(file.rowsRead)")
        var records: [(Record, String)] = []
        file.records(source: source, existingUnitIDs: []) { records.append(($0, $1)) }
        checkRecords(records, name)
    }

    static func checkIssues(_ issues: [SFMRowIssue], columns: [String], _ name: String) {
        for issue in issues {
            FuzzCheck.expect(issue.row >= 1 && issue.line >= 1, name, "an issue names row \(issue.row), line \(issue.line)")
            FuzzCheck.expect(!issue.message.isEmpty, name, "an issue without a message on row \(issue.row)")
            // A column is named as the file's header names it (an extra column of the file may be named too).
        }
    }

    static func checkRecords(_ records: [(Record, String)], _ name: String) {
        var kinds: [String: EntityKind] = [:]
        var ids = Set<String>()
        for (record, _) in records {
            if let kind = record.entityKind { kinds[record.id] = kind }
            ids.insert(record.id)
        }
        let decoder = JSONDecoder()
        for (record, text) in records {
            FuzzCheck.valid(record, name)
            if let entity = record.entity {
                let issues = FuzzCheck.validator.checkReferences(of: entity) { kinds[$0] }
                FuzzCheck.expect(issues.isEmpty, name, "a stored record refers to nothing stored: \(issues.map(\.description))")
            }
            if case .claim(let claim) = record {
                FuzzCheck.expect(ids.contains(claim.subject), name, "claim \(claim.id) is about \(claim.subject), which is not stored")
            }
            guard let decoded = try? decoder.decode(Record.self, from: Data(text.utf8)) else {
                FuzzCheck.fail(name, "the canonical text of \(record.id) does not decode: \(text)")
            }
            FuzzCheck.expect(decoded == record, name, "the canonical text of \(record.id) decodes to another record: \(text)")
        }
    }
}
