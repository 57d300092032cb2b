import ArgumentParser
import Foundation
import OversightCore
import OversightFormats
import OversightStore
import OversightWeb

/// `oversight chain`: the chain of command above a unit on a date, as a table, JSON or GraphML.
enum ChainOutput {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case table, json, graphml
    }

    static func render(unit idOrName: String, date: Day, format: Format, database: DatabaseOptions, asOf: Day?) async throws -> String {
        let store = try database.openStore()
        let unitID = try await CommandLookup.unit(idOrName, in: store)
        let index = CommandIndex(snapshot: try await store.snapshot(asOf: asOf))
        guard let chain = index.chain(unit: unitID, on: date) else {
            throw CLIError("the unit \(unitID) is not in the evidence base")
        }
        switch format {
        case .json:
            return try JSONText.encode(chain)
        case .table:
            return table(chain, asOf: asOf)
        case .graphml:
            let graph = self.graph(chain, index: index)
            var text = GraphMLWriter.write(units: graph.units, relations: graph.relations,
                                           title: "Chain of command above \(chain.levels.first?.unit.name ?? unitID) (\(unitID)) on \(date)")
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    /// One line per level (the unit, how it is reached, its command holders), then other superiors, member
    /// chains, the cycle and the notes.
    static func table(_ chain: CommandChain, asOf: Day?) -> String {
        let name = chain.levels.first?.unit.name ?? chain.unitID
        var lines = ["Chain of command above \(name) (\(chain.unitID)) on \(chain.date)"]
        if let asOf { lines.append("As known on \(asOf): only evidence public by then.") }
        lines.append("")
        lines += levelLines(chain)
        if let cycle = chain.cycle {
            lines.append("")
            lines.append("Cycle: the relations form a cycle (\(cycle.joined(separator: " → "))); the chain stops there.")
        }
        for note in chain.notes where chain.cycle == nil || !note.contains("cycle") {
            lines.append("Note: \(note)")
        }
        for member in chain.memberChains {
            lines.append("")
            lines.append("Member chain: " + (member.notes.first ?? member.unitID))
            lines += levelLines(member)
            if let cycle = member.cycle { lines.append("Cycle: \(cycle.joined(separator: " → "))") }
        }
        if chain.memberChains.isEmpty { lines.append(""); lines.append("Member chains: none on this date.") }
        return lines.joined(separator: "\n")
    }

    private static func levelLines(_ chain: CommandChain) -> [String] {
        let rows: [[String]] = chain.levels.enumerated().map { index, level in
            [String(index), "\(level.unit.name) (\(level.unit.id))", linkText(level.link), holdersText(level)]
        }
        let header = ["level", "unit", "reached by", "command post holders"]
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < 3 { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i < 3 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : cell }
                .joined(separator: "  ")
        }
        var lines = [line(header)]
        for (index, level) in chain.levels.enumerated() {
            lines.append(line(rows[index]))
            for other in level.otherSuperiors {
                lines.append(String(repeating: " ", count: widths[0] + 2) + "also under \(other.relation.related): \(linkText(other))")
            }
        }
        return lines
    }

    static func linkText(_ link: ChainLink?) -> String {
        guard let link else { return "—" }
        return "\(link.relation.kind.rawValue), \(link.presence.rawValue)" + (link.contested ? " (contested)" : "")
    }

    static func holdersText(_ level: ChainLevel) -> String {
        guard !level.holders.isEmpty else { return "unknown" }
        let sideBySide = level.holders.count > 1 && level.holders.contains { $0.contested }
        let list = level.holders.map { holder in
            "\(holder.personName) (\(holder.presence.rawValue))" + (holder.contested ? " (contested)" : "")
                + (holder.posting.title.map { ", \($0)" } ?? "")
                + (holder.claims.isEmpty ? "" : " [" + holder.claims.map(\.id).joined(separator: ", ") + "]")
        }
        return (sideBySide ? "contested, side by side: " : "") + list.joined(separator: " | ")
    }

    /// The units and relations the chart draws: every level, the links followed and not followed, the
    /// member-of links valid on the date and the member chains.
    static func graph(_ chain: CommandChain, index: CommandIndex) -> (units: [OversightCore.Unit], relations: [UnitRelation]) {
        var units: [String: OversightCore.Unit] = [:]
        var relations: [String: UnitRelation] = [:]
        func add(_ chain: CommandChain) {
            for level in chain.levels {
                units[level.unit.id] = level.unit
                for link in [level.link].compactMap({ $0 }) + level.otherSuperiors {
                    relations[link.relation.id] = link.relation
                    if let superior = index.snapshot.units[link.relation.related] { units[superior.id] = superior }
                }
                for relation in index.memberships[level.unit.id] ?? [] where relation.range.presence(on: chain.date) != .no {
                    relations[relation.id] = relation
                }
            }
        }
        add(chain)
        chain.memberChains.forEach(add)
        return (units.values.sorted { $0.id < $1.id }, relations.values.sorted { $0.id < $1.id })
    }
}

/// `oversight responsibility`: the command-responsibility evidence of an incident as Markdown, JSON or HTML.
enum ResponsibilityOutput {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case md, json, html
    }

    static func render(incident id: String, format: Format, database: DatabaseOptions, asOf: Day?) async throws -> String {
        let store = try database.openStore()
        guard let entity = try await store.entity(id: id) else {
            throw CLIError("no incident has the id '\(id)'; list incidents with `oversight stats` or the web's /incidents, e.g. incident:juliaca-2023-01-09")
        }
        guard entity is Incident else {
            throw CLIError("'\(id)' is a \(type(of: entity).kind.rawValue), not an incident; give an incident id")
        }
        let snapshot = try await store.snapshot(asOf: asOf)
        guard snapshot.incidents[id] != nil else {
            let earliest = try await store.claims(about: id, asOf: nil).compactMap(\.publicFrom).min()
            throw CLIError("the incident '\(id)' was not known on \(asOf.map(String.init(describing:)) ?? "that date"): "
                + (earliest.map { "the earliest evidence for it was published on \($0); choose a later --as-of" } ?? "no published evidence supports it"))
        }
        guard let report = CommandIndex(snapshot: snapshot).responsibility(incident: id) else {
            throw CLIError("the incident '\(id)' has no date, so no chain of command can be computed for it")
        }
        switch format {
        case .json: return try JSONText.encode(report)
        case .html: return try ReportHTML.responsibility(report, snapshot: snapshot)
        case .md: return markdown(report, snapshot: snapshot)
        }
    }

    /// The disclaimer, then per perpetrator unit its chain, the superior × element table and the indicators
    /// with their claims and cited sources.
    static func markdown(_ report: ResponsibilityReport, snapshot: EvidenceSnapshot) -> String {
        var out: [String] = []
        out.append("# Command responsibility: \(report.incident.title)")
        out.append("")
        out.append("Incident `\(report.incident.id)`, \(report.date). Chains of command on \(report.date), the incident's first day."
                   + (snapshot.knownOn.map { " As known on \($0): only evidence public by then." } ?? ""))
        out.append("")
        out.append("> " + ResponsibilityReport.disclaimer)
        out.append("")
        out.append("Ratings: supported, partly supported, no evidence, contradicted.")
        if report.units.isEmpty {
            out.append("")
            out.append("No perpetrator unit is identified, so no chain of command can be shown.")
        }
        for item in report.units {
            out.append("")
            out.append("## Perpetrator unit: \(item.unit.name) (`\(item.unit.id)`)")
            out.append("")
            out.append("### Chain of command on \(item.chain.date)")
            out.append("")
            out.append("| level | unit | reached by | command post holders |")
            out.append("|---:|---|---|---|")
            for (index, level) in item.chain.levels.enumerated() {
                out.append("| \(index) | \(cell(level.unit.name)) | \(cell(ChainOutput.linkText(level.link))) | \(cell(ChainOutput.holdersText(level))) |")
            }
            if let cycle = item.chain.cycle { out.append(""); out.append("Cycle: \(cycle.joined(separator: " → ")); the chain stops there.") }
            for member in item.chain.memberChains {
                out.append("")
                out.append("Member chain: " + (member.notes.first ?? member.unitID) + ": "
                           + member.levels.map { "\($0.unit.name) (\(ChainOutput.holdersText($0)))" }.joined(separator: " → "))
            }
            out.append("")
            out.append("### Evidence by superior and element (Rome Statute Art. 28)")
            out.append("")
            if item.superiors.isEmpty {
                out.append("No holder of a command post is recorded in this chain on the incident date.")
                continue
            }
            out.append("| superior | post | level | knowledge standard | " + ResponsibilityElement.allCases.map(\.title).joined(separator: " | ") + " |")
            out.append("|---|---|---:|---|" + ResponsibilityElement.allCases.map { _ in "---" }.joined(separator: "|") + "|")
            for superior in item.superiors {
                let who = "\(superior.holder.personName) (\(superior.holder.presence.rawValue)\(superior.holder.contested ? ", contested" : ""))"
                let post = (superior.holder.posting.title.map { "\($0), " } ?? "") + superior.unit.name
                let ratings = ResponsibilityElement.allCases.map { superior.element($0)?.rating.label ?? "no evidence" }
                out.append("| \(cell(who)) | \(cell(post)) | \(superior.level) | \(superior.standard.rawValue) | " + ratings.map(cell).joined(separator: " | ") + " |")
            }
            out.append("")
            out.append("### Indicators")
            for superior in item.superiors {
                out.append("")
                out.append("#### \(superior.holder.personName): \(superior.unit.name) (level \(superior.level))")
                out.append("")
                out.append("Knowledge standard: \(superior.standard.wording).")
                for element in superior.elements {
                    out.append("")
                    out.append("- **\(element.element.title)**: \(element.rating.label)")
                    if element.indicators.isEmpty { out.append("  - no evidence recorded") }
                    for indicator in element.indicators {
                        out.append("  - \(indicator.direction.rawValue): \(indicator.text) (`\(indicator.recordID)`)")
                        for claim in indicator.claims {
                            out.append("    - claim `\(claim.id)` (\(claim.status.rawValue), \(claim.confidence.rawValue) confidence): " + citations(claim, snapshot: snapshot))
                        }
                    }
                }
            }
        }
        out.append("")
        out.append("## Accountability events linked to the incident")
        out.append("")
        if report.accountability.isEmpty { out.append("None recorded.") }
        for event in report.accountability {
            out.append("- \(event.eventType.rawValue): \(event.title) (`\(event.id)`)")
        }
        if !report.notes.isEmpty {
            out.append("")
            out.append("## Notes")
            out.append("")
            for note in report.notes { out.append("- \(note)") }
        }
        return out.joined(separator: "\n")
    }

    /// "*Title*, Publisher, 2023-01-09, p. 4; …" for the citations whose sources were public by the snapshot's date.
    static func citations(_ claim: Claim, snapshot: EvidenceSnapshot) -> String {
        let texts = claim.citations.compactMap { citation -> String? in
            guard let source = snapshot.sources[citation.source] else {
                return snapshot.knownOn == nil ? "`\(citation.source)`" : nil
            }
            var text = "*\(inline(source.title))*, \(inline(source.publisher)), \(source.published)"
            if !citation.accessPoint.isEmpty { text += ", \(citation.accessPoint)" }
            if let url = citation.url ?? source.url { text += " <\(url)>" }
            return text
        }
        return texts.isEmpty ? "no citation public by then" : texts.joined(separator: "; ")
    }

    /// A Markdown table cell: no pipes or line breaks.
    static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "|", with: "\\|")
    }

    static func inline(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

enum CommandLookup {
    /// A unit by id, else by name ignoring case and accents; several units of one name is an error listing them.
    static func unit(_ idOrName: String, in store: any Store) async throws -> String {
        if let entity = try await store.entity(id: idOrName) {
            guard entity is OversightCore.Unit else {
                throw CLIError("'\(idOrName)' is a \(type(of: entity).kind.rawValue), not a unit; give a unit id or name, e.g. unit:pnp")
            }
            return entity.id
        }
        let matches = try await store.entities(named: idOrName, kind: .unit)
        if matches.count == 1 { return matches[0].id }
        if matches.isEmpty {
            throw CLIError("no unit has the id or name '\(idOrName)'; try `oversight show NAME`, or an id such as unit:pnp")
        }
        throw CLIError("'\(idOrName)' names \(matches.count) units (\(matches.map(\.id).joined(separator: ", "))); give an id")
    }
}
