import ArgumentParser
import Foundation
import OversightCLI
import OversightCore

/// `oversight-measure report --input FILE`: the annual exports report (and the ATT and COARM tables) over a large
/// exports table written by `oversight-bench export-rows` (Benchmarks/README.md).
struct BenchReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Time the annual exports report over an exports table (exporter,year,destination,ecl_item,value_cad,permits_utilised).")
    @Option(help: "The CSV written by `oversight-bench export-rows`.") var input: String
    @Option(help: "The report year.") var year = 2024
    @Option(help: "Only this exporter (default: all).") var exporter: String?
    @Option(help: "Timed runs; the median is reported.") var runs = 5

    func run() async throws {
        let started = Date()
        let data = try BundleImport.read(path: input)
        var rows: [ExportRow] = []
        rows.reserveCapacity(data.count / 30)
        var lineNumber = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            lineNumber += 1
            if lineNumber == 1 { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 6, let y = Int(f[1]), let entry = ControlEntry.canonicalCode(String(f[3])),
                  let value = Money.parseMinor(String(f[4])) else { throw CLIError("\(input): line \(lineNumber) is not exporter,year,destination,ecl_item,value_cad,permits_utilised") }
            rows.append(ExportRow(exporter: String(f[0]), destination: String(f[2]), year: y, entry: entry, valueMinor: value,
                                  currency: "CAD", permitsUtilised: Int(f[5])))
        }
        print("read \(rows.count) rows in \(String(format: "%.2f", Date().timeIntervalSince(started))) s (not timed below)")
        let filter = ReportFilter(year: year, exporter: exporter)
        func time(_ name: String, _ body: () -> Int) {
            var samples: [Double] = []
            var size = 0
            for _ in 0..<max(1, runs) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                size = body()
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            samples.sort()
            print("\(name): median \(String(format: "%.1f", samples[samples.count / 2])) ms, min \(String(format: "%.1f", samples[0])) ms, max \(String(format: "%.1f", samples[samples.count - 1])) ms (\(size) table rows)")
        }
        time("annual exports report (values + tables + CSV)") {
            let report = AnnualExportsReport.build(rows: rows, filter: filter)
            let document = report.document()
            return document.csv()!.count > 0 ? report.rows.count : 0
        }
        time("ATT annual report") { ATTAnnualReport.build(rows: rows, filter: filter).rows.count }
        time("COARM matrix") { COARMReport.build(licences: [], exports: rows, filter: filter).rows.count }
    }
}
