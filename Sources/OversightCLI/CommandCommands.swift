import ArgumentParser
import OversightCore

// `oversight chain`, `oversight family` and `oversight responsibility`: who called the shots.

struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain", abstract: "The chain of command above a unit on a date.",
        discussion: """
            Every level from the unit up to the head of state through the child-of and control relations valid on \
            --date, with the holders of each level's command post: definite (a precise range contains the date), \
            possible (only an imprecise range or an open end reaches it) or unknown. Contested holders are shown \
            side by side; member-of links give separate member chains; a cycle in the relations is reported.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var knowledge: KnowledgeDateOptions
    @Option(help: ArgumentHelp("The unit: an id such as unit:pnp-comisaria-juliaca, or its name.", valueName: "id-or-name")) var unit: String
    @Option(help: ArgumentHelp("The day of the chain (YYYY-MM-DD).", valueName: "date")) var date: String
    @Option(help: "table, json or graphml.") var format: ChainOutput.Format = .table

    func validate() throws {
        guard Day(date) != nil else {
            throw ValidationError("--date '\(date)' is not a date; use YYYY-MM-DD, e.g. 2023-01-09")
        }
    }

    func run() async throws {
        print(try await ChainOutput.render(unit: unit, date: Day(date)!, format: format, database: database, asOf: knowledge.asOf))
    }
}

struct FamilyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "family", abstract: "A unit with all its ancestors and descendants over all time.",
        discussion: """
            Every relation counts, whatever its dates (member-of included). JSON: {unit, units, relations}. \
            GraphML: one node per unit (node_label = name), one edge parent → child per relation \
            (edge_label = "FIRST (start) – LAST (open|end)"); see docs/SFM.md.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var knowledge: KnowledgeDateOptions
    @Option(help: ArgumentHelp("The unit: an id such as sfm-unit:123, or its name.", valueName: "id-or-name")) var unit: String
    @Option(help: "json or graphml.") var format: FamilyOutput.Format = .json

    func run() async throws {
        print(try await FamilyOutput.render(unit: unit, format: format, database: database, asOf: knowledge.asOf))
    }
}

struct ResponsibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responsibility", abstract: "Command-responsibility evidence for an incident.",
        discussion: """
            For each perpetrator unit, its chain of command on the incident's first day, and for each superior in it \
            the evidence on each element of Rome Statute Art. 28 (relationship and effective control; knowledge; \
            failure to prevent, repress or submit), rated supported / partly supported / no evidence / contradicted, \
            with the claims and sources behind it. Evidence indicators, never a finding of guilt. \
            --format html prints the page the web application serves at /incidents/ID/responsibility.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var knowledge: KnowledgeDateOptions
    @Option(help: ArgumentHelp("The incident id, e.g. incident:juliaca-2023-01-09.", valueName: "id")) var incident: String
    @Option(help: "md, json or html.") var format: ResponsibilityOutput.Format = .md

    func run() async throws {
        let text = try await ResponsibilityOutput.render(incident: incident, format: format, database: database, asOf: knowledge.asOf)
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
