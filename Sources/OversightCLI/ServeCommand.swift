import ArgumentParser
import Foundation
import Logging
import OversightApp
import OversightDemo
import OversightFormats
import OversightStore
import OversightWeb
import OversightWorkflow
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the web application.")
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Load the Peru demo case first if the database is empty.") var demo = false
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Flag(help: "Mark session cookies Secure (the server is reached over HTTPS, e.g. behind a TLS proxy). Without it they are Secure only on requests with X-Forwarded-Proto: https.")
    var secureCookies = false
    @Option(help: "Sign-in attempts allowed per account within 15 minutes.") var signInLimitPerAccount = 5
    @Option(help: "Sign-in attempts allowed per client address within 15 minutes.") var signInLimitPerAddress = 20

    @Option(help: ArgumentHelp("Let every visitor edit evidence, recorded under this name (a single-user installation). Without it editing is off until sign-in is configured.", valueName: "name"))
    var editor: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port number (0–65535)") }
        guard signInLimitPerAccount >= 1, signInLimitPerAddress >= 1 else {
            throw ValidationError("--sign-in-limit-per-account and --sign-in-limit-per-address must be at least 1")
        }
        if let editor, editor.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--editor needs a name, e.g. --editor \"A. Researcher\"") }
    }

    func run() async throws {
        var logger = Logger(label: "oversight")
        let level = EnvironmentSettings().logLevel
        logger.logLevel = level.level
        if let problem = level.problem { logger.warning("\(problem)") }
        let store = try database.openStore()
        // Reach the database before listening, so a wrong URL or a stopped server fails now, clearly.
        _ = try await store.migrate()
        logger.info("database: \(store.location)")
        if demo {
            let stats = try await store.statistics(asOf: nil)
            if stats.claims == 0 && stats.sources == 0 {
                let summary = try await DemoCase.load(into: store)
                logger.info("loaded the Peru demo case: \(summary.total) records")
            } else {
                logger.info("database not empty; demo case not loaded")
            }
        }
        let security = WebSecurity(secureCookies: secureCookies,
                                   rateLimits: .init(perAccount: signInLimitPerAccount, perAddress: signInLimitPerAddress))
        let service = WorkflowService(store: store)
        let workflow = WorkflowWeb(service: service, security: security)
        // Evidence edits re-assess the open applications and live permits they touch (continuous monitoring).
        let curation = CurationServices(
            store: store, editor: editor.map { EvidenceEditorGate.everyone(as: $0) } ?? workflow.evidenceEditorGate(),
            onChange: EvidenceMonitoring.onChange(service: service, logger: logger))
        let app = try buildApplication(
            store: store, configuration: .init(host: host, port: port), logger: logger,
            assessments: AssessmentServices(readApplication: { try ApplicationReader.read($0) },
                                            demoApplications: DemoCase.applicationURLs()),
            workflow: workflow, curation: curation)
        // One service group: on SIGTERM or SIGINT the server stops taking connections and finishes its requests,
        // then the store closes (services shut down in the reverse of this order).
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: StoreService(store: store, logger: logger)), .init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
