import ArgumentParser
import Foundation
import OversightCore
import OversightFormats
import OversightStore
import OversightWeb

/// `oversight assess APPLICATION.json`: should this permit be granted?
struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess an export application under EIPA, the ATT and the EU Common Position.",
        discussion: """
            The application is JSON (docs/APPLICATION.md). The assessment uses only evidence public by the knowledge \
            date (--as-of; the decision date by default). With --verify, the argument is an assessment JSON written \
            earlier: it is recomputed from its application and knowledge date and compared.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, md, html }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var knowledge: KnowledgeDateOptions
    @Argument(help: "The application JSON (or, with --verify, an assessment JSON).") var file: String
    @Option(help: "json, md or html.") var format: Format = .md
    @Flag(help: "Recompute a saved assessment and confirm it.") var verify = false

    func run() async throws {
        let data = try BundleImport.read(path: file)
        let store = try database.openStore()
        if verify {
            try await runVerify(data, store: store)
            return
        }
        let application: ExportApplication
        do {
            application = try ApplicationReader.read(data)
        } catch let error as OversightCore.ValidationError {
            throw CLIError("\(file) is not a valid application — \(error.description)")
        }
        let assessment = try await Assessor.assess(application, store: store, asOf: knowledge.asOf)
        switch format {
        case .json: print(try AssessmentFile.encode(assessment, application: application))
        case .md: print(AssessmentMarkdown.render(assessment), terminator: "")
        case .html: print(try AssessmentHTMLBridge.render(assessment, application: application))
        }
    }

    func runVerify(_ data: Data, store: any DatabaseStore) async throws {
        let saved: AssessmentFile
        do {
            saved = try JSONDecoder().decode(AssessmentFile.self, from: data)
        } catch {
            throw CLIError("\(file) is not an assessment written by `oversight assess --format json` (\(error))")
        }
        guard let asOf = Day(saved.assessment.knowledgeDate) else { throw CLIError("the assessment's knowledgeDate is not a date") }
        guard let method = Methodology.named(saved.assessment.methodologyVersion) else {
            throw CLIError("the assessment was made with method \(saved.assessment.methodologyVersion), which this Oversight does not know (it knows \(Methodology.v1.version) and \(Methodology.v2Method.version))")
        }
        let again = try await Assessor.assess(saved.application, store: store, asOf: asOf, methodology: method)
        if again == saved.assessment {
            print("verified: \(saved.application.id) recomputes identically (digest \(again.inputDigest), verdicts \(again.verdicts.keys.sorted().map { "\($0) \(again.verdicts[$0]!.rawValue)" }.joined(separator: ", ")))")
            return
        }
        var differences: [String] = []
        if again.inputDigest != saved.assessment.inputDigest { differences.append("the inputs differ (digest \(saved.assessment.inputDigest) → \(again.inputDigest)): the evidence or the method changed") }
        if again.methodologyVersion != saved.assessment.methodologyVersion { differences.append("method \(saved.assessment.methodologyVersion) → \(again.methodologyVersion)") }
        for regime in saved.assessment.verdicts.keys.sorted() where again.verdicts[regime] != saved.assessment.verdicts[regime] {
            differences.append("\(regime): \(saved.assessment.verdicts[regime]!.rawValue) → \(again.verdicts[regime]?.rawValue ?? "none")")
        }
        if differences.isEmpty { differences.append("the figures differ although inputs and verdicts match") }
        throw CLIError("NOT verified: \(differences.joined(separator: "; "))")
    }
}

/// An assessment saved with the application it assessed, so it can be verified later.
struct AssessmentFile: Codable {
    var application: ExportApplication
    var assessment: Assessment

    static func encode(_ assessment: Assessment, application: ExportApplication) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(AssessmentFile(application: application, assessment: assessment)), as: UTF8.self)
    }
}

/// Loads the evidence and runs the engine.
enum Assessor {
    static func assess(_ application: ExportApplication, store: any DatabaseStore, asOf: Day?,
                       methodology: Methodology = .standard) async throws -> Assessment {
        let snapshot = try await store.snapshot(asOf: nil)
        let screener = try await store.loadScreener()
        return AssessmentEngine(methodology: methodology, screening: ScreeningHookAdapter(screening: screener))
            .assess(application, snapshot: snapshot, asOf: asOf)
    }
}

/// HTML for the CLI: the web application's assessment report page, so both show the same report.
enum AssessmentHTMLBridge {
    static func render(_ assessment: Assessment, application: ExportApplication) throws -> String {
        try ReportHTML.assessment(assessment, application: application)
    }
}
