import ArgumentParser
import Foundation
import OversightCore
import OversightFormats

/// `oversight cases convert|evaluate`: historical licensing decisions (docs/CASES.md) turned mechanically into
/// bundles and applications, and the assessment's agreement with the decision-makers.
struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Historical licensing decisions: convert them into bundles and applications, or score the assessment against them.",
        subcommands: [CasesConvertCommand.self, CasesEvaluateCommand.self])
}

struct CasesConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write each case as DIR/ID.bundle.jsonl and DIR/ID.application.json, with DIR/ID.log saying what each fact became.")
    @Argument(help: "A cases file (docs/CASES.md).") var file: String
    @Option(name: [.short, .customLong("out")], help: ArgumentHelp("The folder to write into (created if missing).", valueName: "DIR")) var out: String

    func run() async throws {
        let cases = try CasesInput.read(file)
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        for c in cases {
            let converted = try CaseConverter().convert(c)
            let name = CaseConverter.slug(c.id)
            try Data(try CaseConverter.bundleText(converted.records).utf8).write(to: folder.appendingPathComponent("\(name).bundle.jsonl"), options: .atomic)
            try (try encoder.encode(converted.application) + Data("\n".utf8)).write(to: folder.appendingPathComponent("\(name).application.json"), options: .atomic)
            try Data((converted.log.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("\(name).log"), options: .atomic)
        }
        print("converted \(cases.count) case\(cases.count == 1 ? "" : "s") into \(out)")
    }
}

struct CasesEvaluateCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Assess every case as known on its decision date and print the agreement with the decision per case and overall.",
        discussion: """
            Each case is converted with `cases convert`'s rules and assessed on its own evidence with "regimes": "auto". \
            risk-found agrees with deny or prohibited, no-risk with approve or approve-with-conditions; other outcomes \
            are shown, not scored. Exits 0 whatever the agreement (it is a measurement).
            """)
    @Argument(help: "A cases file (docs/CASES.md).") var file: String
    @Option(help: "md (a table and the summary) or json.") var format: Format = .md

    func run() async throws {
        let evaluation = try CaseEvaluation.run(try CasesInput.read(file))
        switch format {
        case .md: print(evaluation.markdown(), terminator: "")
        case .json:
            struct Output: Encodable { var agreed: Int; var merits: Int; var agreement: Double; var rows: [CaseEvaluation.Row]; var pairs: [CaseEvaluation.Pair] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Output(agreed: evaluation.agreed, merits: evaluation.merits.count,
                                                             agreement: evaluation.agreement, rows: evaluation.rows, pairs: evaluation.pairs)),
                         as: UTF8.self))
        }
    }
}

enum CasesInput {
    static func read(_ path: String) throws -> [DecisionCase] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path): no such file (the development set is ../shared/data/cases-dev/cases.json)")
        }
        do {
            return try DecisionCase.readAll(data)
        } catch let error as OversightCore.ValidationError {
            throw CLIError("\(path): \(error.description)")
        }
    }
}
