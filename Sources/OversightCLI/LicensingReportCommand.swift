import ArgumentParser
import Foundation
import OversightApp
import OversightCore
import OversightWeb

/// `oversight report licensing`: exporters side by side from the imported licensing datasets, e.g. every EU
/// member state's and the UK's licences to one destination over ten years with the refusals by criterion.
struct LicensingReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: TransparencyReports.Kind.licensing.rawValue,
        abstract: "\(TransparencyReports.Kind.licensing.title): \(TransparencyReports.Kind.licensing.summary)",
        discussion: """
            Rows: dataset × exporter × destination × year. --year YYYY or --from/--to choose the years (default: every \
            year when a destination or exporter is given, else the latest year); --dataset NAME (repeatable) the \
            datasets (default: all, see `oversight datasets`).
            """)

    @OptionGroup var options: ReportOptions
    @Option(help: ArgumentHelp("First year.", valueName: "YYYY")) var from: Int?
    @Option(help: ArgumentHelp("Last year.", valueName: "YYYY")) var to: Int?
    @Option(name: .customLong("dataset"), help: ArgumentHelp("A dataset to include (repeatable; default: all).", valueName: "name"))
    var datasets: [String] = []

    func validate() throws {
        if options.year != nil && (from != nil || to != nil) { throw ValidationError("give either --year or --from/--to, not both") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, !(1900...2100).contains(value) { throw ValidationError("\(name) \(value) is not a year from 1900 to 2100") }
        }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() async throws {
        let store = try options.database.openStore()
        let built = try await TransparencyReports(store: store).licensing(filter: options.filter, datasets: datasets.isEmpty ? nil : Set(datasets),
                                                                         from: from, to: to)
        try options.print(built)
    }
}
