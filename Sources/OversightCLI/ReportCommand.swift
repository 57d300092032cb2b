import ArgumentParser
import Foundation
import OversightApp
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightWeb

/// `oversight report exports|att|coarm|transfers|watchdog`: the transparency reports, with the same numbers as
/// the web pages and their downloads.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Transparency reports: annual exports, ATT annual report, COARM matrix, SIPRI transfers, watchdog cross-check.",
        subcommands: [Kind<ExportsKind>.self, Kind<ATTKind>.self, Kind<COARMKind>.self, Kind<TransfersKind>.self, WatchdogReportCommand.self,
                      LicensingReportCommand.self])
}

/// Options every report takes.
struct ReportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, md, html }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The year (default: the latest with data; for the watchdog, every year).", valueName: "YYYY")) var year: Int?
    @Option(help: ArgumentHelp("Exporting state (supplier for transfers), ISO alpha-2.", valueName: "XX")) var exporter: String?
    @Option(help: ArgumentHelp("Destination (recipient for transfers), ISO alpha-2.", valueName: "XX")) var destination: String?
    @Option(help: "table, csv, json, md or html.") var format: Format = .table
    @Option(help: ArgumentHelp("With --format csv: the table to write (default: the first; the report's tables are listed by --format table).", valueName: "id"))
    var table: String?

    func validate() throws {
        if let year, !(1900...2100).contains(year) { throw ValidationError("--year \(year) is not a year from 1900 to 2100") }
        for (name, value) in [("--exporter", exporter), ("--destination", destination)] {
            if let value, value.count != 2 || !value.allSatisfy({ $0.isASCII && $0.isLetter }) {
                throw ValidationError("\(name) '\(value)' is not an ISO 3166 alpha-2 code; use two letters, e.g. CA or PE")
            }
        }
    }

    var filter: ReportFilter { ReportFilter(year: year, exporter: exporter, destination: destination) }

    func print(_ built: TransparencyReports.Built) throws {
        switch format {
        case .table:
            Swift.print(built.document.plainText(), terminator: "")
            Swift.print("\nTables: \(built.document.tables.map(\.id).joined(separator: ", ")) (choose one for CSV with --table)")
        case .md: Swift.print(built.document.markdown(), terminator: "")
        case .json: Swift.print(String(decoding: built.json, as: UTF8.self))
        case .csv:
            guard let csv = built.document.csv(table: table) else {
                throw CLIError("the \(built.kind.rawValue) report has no table '\(table ?? "")'; its tables are \(built.document.tables.map(\.id).joined(separator: ", "))")
            }
            FileHandle.standardOutput.write(Data(csv.utf8))
        case .html: Swift.print(try ReportHTML.transparency(built, filter: filter))
        }
    }
}

protocol ReportKindDescription {
    static var kind: TransparencyReports.Kind { get }
}
enum ExportsKind: ReportKindDescription { static let kind = TransparencyReports.Kind.exports }
enum ATTKind: ReportKindDescription { static let kind = TransparencyReports.Kind.att }
enum COARMKind: ReportKindDescription { static let kind = TransparencyReports.Kind.coarm }
enum TransfersKind: ReportKindDescription { static let kind = TransparencyReports.Kind.transfers }

/// One report subcommand (`exports`, `att`, `coarm`, `transfers`).
struct Kind<K: ReportKindDescription>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: K.kind.rawValue, abstract: "\(K.kind.title): \(K.kind.summary)")
    }

    @OptionGroup var options: ReportOptions

    func run() async throws {
        let store = try options.database.openStore()
        try options.print(try await TransparencyReports(store: store).build(K.kind, filter: options.filter))
    }
}

/// `oversight report watchdog`: the permits and export records of the evidence base (and any applications given)
/// re-assessed with the evidence known on their decision dates.
struct WatchdogReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchdog",
        abstract: "Re-assess every permit and recorded export with the evidence public on its decision date; flag those at or above the refusal threshold.",
        discussion: """
            --year filters by decision year. A recorded permit whose end user is not recorded takes it from the \
            application on file that matches it (same exporter, destination, decision date and items): the demo \
            applications, and any given with --application. An --application matching no permit is re-assessed as a \
            case of its own (e.g. the workflow's granted permits). Exit status 0 either way; the report says which \
            cases are flagged.
            """)

    @OptionGroup var options: ReportOptions
    @Option(name: .customLong("application"), help: ArgumentHelp("An application JSON to add as a case (repeatable).", valueName: "file"))
    var applications: [String] = []

    func run() async throws {
        var given: [ExportApplication] = []
        for path in applications {
            do {
                given.append(try ApplicationReader.read(try BundleImport.read(path: path)))
            } catch let error as OversightCore.ValidationError {
                throw CLIError("\(path) is not a valid application — \(error.description)")
            }
        }
        var onFile: [ExportApplication] = []
        for (_, url) in DemoCase.applicationURLs().sorted(by: { $0.key < $1.key }) {
            if let application = try? ApplicationReader.read(Data(contentsOf: url)) { onFile.append(application) }
        }
        let store = try options.database.openStore()
        try options.print(try await TransparencyReports(store: store).build(.watchdog, filter: options.filter, onFile: onFile, additional: given))
    }
}
