import ArgumentParser
import Foundation
import OversightCore
import OversightFormats
import OversightStore

/// `oversight import ca-exports FILE`: Canada's exports table (Annex G) as export records of the evidence base,
/// each with a claim citing the report it comes from.
struct ImportCAExportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca-exports",
        abstract: "Import Canada's exports table (Annex G of the Report on Exports of Military Goods) from CSV.",
        discussion: """
            Columns: year,destination,ecl_item,value_cad,permits_utilised[,description] (docs/REPORTS.md; \
            `oversight import ca-exports --template` prints a template). Every row becomes an export record \
            (id export:ca-DEST-YEAR-ITEM, replacing one with the same id) with an accepted claim citing the report \
            as a source. All or nothing: a bad row imports nothing, and every bad row is listed.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The CSV file (omit with --template).") var file: String?
    @Flag(help: "Print a template CSV and exit.") var template = false
    @Flag(name: .customLong("check"), help: "Only read and validate the file; write nothing.") var checkOnly = false
    @Option(name: .customLong("source-id"), help: ArgumentHelp("Id of the source the rows cite (default src:gac-military-exports-YEAR, YEAR the latest in the file).", valueName: "id"))
    var sourceID: String?
    @Option(name: .customLong("source-title"), help: ArgumentHelp("Title of that source (default: Report on Exports of Military Goods from Canada, YEAR).", valueName: "title"))
    var sourceTitle: String?
    @Option(help: ArgumentHelp("When the report was published (YYYY, YYYY-MM or YYYY-MM-DD). Default: the year after the latest year in the file, so the figures never count as known too early.", valueName: "date"))
    var published: String?
    @Option(help: ArgumentHelp("Where the report is published.", valueName: "url")) var url: String?

    func validate() throws {
        if !template && file == nil { throw ValidationError("give the CSV file to import, or --template to print a template") }
        if let published, PartialDate(published) == nil {
            throw ValidationError("--published '\(published)' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-06-28")
        }
    }

    func run() async throws {
        if template {
            print(CanadaExportsCSV.template, terminator: "")
            return
        }
        guard let file else { return }
        let data = try BundleImport.read(path: file)
        let records: [ExportRecord]
        do {
            records = try CanadaExportsCSV.read(data)
        } catch let error as TransparencyFormatError {
            throw CLIError("\(file): \(error)")
        }
        guard let latest = records.map(\.year).max() else { throw CLIError("\(file): the table has a header but no rows") }
        if checkOnly {
            print("\(file): \(records.count) rows valid (\(Set(records.map(\.destination)).count) destinations, years \(records.map(\.year).min()!)–\(latest))")
            return
        }
        let source = Source(
            id: sourceID ?? "src:gac-military-exports-\(latest)",
            title: sourceTitle ?? "Report on Exports of Military Goods from Canada, \(latest)",
            publisher: "Global Affairs Canada", published: published.flatMap { PartialDate($0) } ?? PartialDate(year: latest + 1)!,
            url: url, kind: "official", language: "en",
            note: published == nil ? "Imported from \(URL(fileURLWithPath: file).lastPathComponent); publication date not given, so the year after the report year is used." : "Imported from \(URL(fileURLWithPath: file).lastPathComponent).")
        let claims = records.map { record in
            Claim(id: "claim:" + record.id.replacingOccurrences(of: "export:", with: "ca-exports-"), subject: record.id, status: .accepted,
                  confidence: .high, citations: [Citation(source: source.id, page: "Annex G",
                                                          excerpt: "\(record.destination) \(record.year) item \(record.controlEntry): CAD \(Money.decimal(record.valueMinor ?? 0))\(record.permitsUtilised.map { ", \($0) permits utilised" } ?? "")")])
        }
        let store = try database.openStore()
        let started = Date()
        let all = records
        let summary = try await store.importRecords { sink in
            try sink.add(.source(source))
            for record in all { try sink.add(.export(record)) }
            for claim in claims { try sink.add(.claim(claim)) }
        }
        print("imported \(records.count) export rows from \(file) (source \(source.id)) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s (\(Summary.describe(summary)))")
    }
}

/// `oversight import sipri FILE`: the SIPRI trade register (either layout) into the transfers table.
struct ImportSIPRICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sipri",
        abstract: "Import a SIPRI Arms Transfers Database trade register (CSV, older or 2026 layout, detected).",
        discussion: """
            Replaces the stored transfers with the file's (one transaction). Country names are mapped to ISO codes; \
            names that map to none are listed. SIPRI data are a cross-reference, not evidence claims. See docs/REPORTS.md.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The trade-register CSV file.") var file: String
    @Flag(name: .customLong("check"), help: "Only read the file and report; write nothing.") var checkOnly = false

    func run() async throws {
        let started = Date()
        let data = try BundleImport.read(path: file)
        let parsed: SIPRITradeRegister.File
        do {
            parsed = try SIPRITradeRegister.read(data)
        } catch let error as TransparencyFormatError {
            throw CLIError("\(file): \(error)")
        }
        let readSeconds = Date().timeIntervalSince(started)
        var lines = ["\(file): \(parsed.layout.rawValue) layout, \(parsed.records) records → \(parsed.transfers.count) delivery rows (read in \(String(format: "%.3f", readSeconds)) s)"]
        if !parsed.nonState.isEmpty {
            lines.append("non-state parties (no country code): \(parsed.nonState.count) names, \(parsed.nonState.values.reduce(0, +)) rows")
        }
        if parsed.unmapped.isEmpty {
            lines.append("every other name mapped to a country code")
        } else {
            lines.append("unmapped names (\(parsed.unmapped.count)): " + parsed.unmapped.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: "; "))
        }
        if !checkOnly {
            let store = try database.openStore()
            let dataset = TransferDataset(title: "SIPRI Arms Transfers Database", layout: parsed.layout.rawValue, generated: parsed.generated,
                                          file: URL(fileURLWithPath: file).lastPathComponent, rows: parsed.transfers.count)
            try await store.replaceTransfers(parsed.transfers, dataset: dataset)
            lines.append("stored \(parsed.transfers.count) rows in \(database.path) in \(String(format: "%.3f", Date().timeIntervalSince(started))) s in all")
        }
        print(lines.joined(separator: "\n"))
    }
}
