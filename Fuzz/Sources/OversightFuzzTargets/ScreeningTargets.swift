import Foundation
import OversightCore
import OversightFormats

/// Screening lists and the batch input: a list either reads into entries that a list replacement accepts
/// (`ScreeningList.prepareReplacement`: every entry of the list, ids unique) and that are well formed (an id, a
/// name, ISO countries, a canonical encoding), or fails with a `ScreeningFormatError` of its format naming a
/// line, a column or element.
enum ScreeningTargets {
    static let listID = "fuzz-list"

    @Sendable static func un(_ data: Data) {
        list("un-xml", UNConsolidatedListReader.format, fields: ["CONSOLIDATED_LIST", "INDIVIDUAL", "ENTITY"]) {
            try UNConsolidatedListReader.read(data, listID: listID)
        }
    }

    @Sendable static func ftm(_ data: Data) {
        list("ftm", FollowTheMoneyReader.format, fields: []) { try FollowTheMoneyReader.read(data, listID: listID) }
        list("ftm", FollowTheMoneyReader.format, fields: []) {
            try FollowTheMoneyReader.read(data, listID: listID, includeNonTargets: true)
        }
    }

    @Sendable static func openSanctionsCSV(_ data: Data) {
        list("opensanctions-csv", OpenSanctionsTargetsReader.format, fields: OpenSanctionsTargetsReader.columns) {
            try OpenSanctionsTargetsReader.read(data, listID: listID)
        }
    }

    @Sendable static func blocklist(_ data: Data) {
        list("blocklist", BlocklistReader.format, fields: BlocklistReader.columns) { try BlocklistReader.read(data, listID: listID) }
    }

    @Sendable static func batch(_ data: Data) {
        let name = "screening-batch"
        do {
            let rows = try ScreeningBatch.read(data)
            var last = 1
            for row in rows {
                FuzzCheck.expect(row.line > last, name, "rows out of order or on the header line: line \(row.line) after \(last)")
                last = row.line
                FuzzCheck.expect(row.query.countries.allSatisfy(FuzzCheck.isCountry), name, "a query country is not a country: \(row.query.countries)")
                FuzzCheck.expect(row.name == row.name.trimmingCharacters(in: .whitespacesAndNewlines), name, "the name is not trimmed: '\(row.name)'")
            }
        } catch let error as ScreeningFormatError {
            formatError(error, name, ScreeningBatch.format, fields: ScreeningBatch.inputColumns)
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
    }

    static func formatError(_ error: ScreeningFormatError, _ name: String, _ format: String, fields: [String]) {
        FuzzCheck.expect(error.format == format, name, "an error of format \(error.format): \(error)")
        FuzzCheck.expect(error.line.map { $0 >= 1 } ?? true, name, "an error names line \(error.line ?? 0)")
        FuzzCheck.expect(error.line != nil || FuzzCheck.namesPlace(error.description, fields: fields), name,
                         "an error names no line, column or element: \(error)")
    }

    static func list(_ name: String, _ format: String, fields: [String], _ read: () throws -> ScreeningListFile) {
        let file: ScreeningListFile
        do {
            file = try read()
        } catch let error as ScreeningFormatError {
            formatError(error, name, format, fields: fields)
            return
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        var ids = Set<String>()
        for entry in file.entries {
            FuzzCheck.expect(entry.list == listID, name, "entry \(entry.key) is not of list \(listID)")
            FuzzCheck.expect(ids.insert(entry.id).inserted, name, "entry id \(entry.id) appears twice")
            FuzzCheck.expect(!entry.id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, name, "an entry has no id")
            FuzzCheck.expect(!entry.names.isEmpty || !entry.originalScriptNames.isEmpty, name, "entry \(entry.id) has no name")
            FuzzCheck.expect((entry.names.map(\.text) + entry.originalScriptNames).allSatisfy { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
                             name, "entry \(entry.id) has a blank name: \(entry.names)")
            FuzzCheck.expect(entry.countries.allSatisfy(FuzzCheck.isCountry), name, "entry \(entry.id) has a country that is not one: \(entry.countries)")
            do { _ = try entry.canonicalJSONAndDigest() } catch { FuzzCheck.fail(name, "entry \(entry.id) cannot be encoded: \(error)") }
        }
    }
}
