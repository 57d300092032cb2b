import OversightCore

/// The evidence base as Security Force Monitor–style CSV tables (one per kind), so that researchers can open it
/// in a spreadsheet or load it into WhoWasInCommand-style tools.
///
/// `relations.csv` and `postings.csv` use the column names of the SFM files Oversight imports
/// (`oversight import sfm-units` / `sfm-persons` read them back); the other tables follow the same
/// `kind:field` naming. Every table ends with a `…:sources` column: the ids of the sources cited by the claims
/// about the row's record, `;`-separated. Rows are sorted by id; fields are quoted when needed (RFC 4180).
public enum SFMExport {
    /// The file names written, in order.
    public static let files = ["units.csv", "relations.csv", "persons.csv", "postings.csv", "incidents.csv", "sources.csv"]

    /// Every table as CSV text, keyed by file name.
    public static func tables(_ snapshot: EvidenceSnapshot) -> [String: String] {
        func sources(_ id: String) -> String {
            Array(Set(snapshot.claims(about: id).flatMap { $0.citations.map(\.source) })).sorted().joined(separator: ";")
        }
        func date(_ d: PartialDate?) -> String { d?.description ?? "" }
        func flag(_ b: Bool) -> String { b ? "Y" : "N" }
        func table(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map(csvLine).joined()
        }
        var out: [String: String] = [:]
        out["units.csv"] = table(
            ["unit:id:admin", "unit:name", "unit:aliases", "unit:classification", "unit:country", "unit:force", "unit:notes", "unit:sources"],
            snapshot.units.values.sorted { $0.id < $1.id }.map {
                [$0.id, $0.name, $0.aliases.joined(separator: ";"), $0.classification.joined(separator: ";"), $0.country ?? "",
                 $0.force ?? "", $0.note ?? "", sources($0.id)]
            })
        out["relations.csv"] = table(
            ["unit:id:admin", "unit:name", "unit:classification", "unit:relation_type", "unit:related_unit_id:admin",
             "unit:related_unit", "unit:related_unit_class", "unit:related_unit_first_cited_date",
             "unit:related_unit_first_cited_date_start", "unit:related_unit_last_cited_date", "unit:related_unit_open",
             "relation:kind", "relation:id", "relation:sources"],
            snapshot.relations.values.sorted { $0.id < $1.id }.map { r in
                let unit = snapshot.units[r.unit]
                let sfmType = r.kind == .memberOf ? "member" : "child"
                let open = r.range.endIsReal ? "E" : (r.range.end == nil ? "" : "Y")
                return [r.unit, unit?.name ?? r.unit, unit?.classification.joined(separator: ";") ?? "", sfmType, r.related,
                        snapshot.units[r.related]?.name ?? r.related, r.relationClass ?? "", date(r.range.start),
                        r.range.start == nil ? "" : flag(r.range.startIsReal), date(r.range.end), open, r.kind.rawValue, r.id,
                        sources(r.id)]
            })
        out["persons.csv"] = table(
            ["person:id:admin", "person:name", "person:aliases", "person:gender", "person:country", "person:birth_date",
             "person:notes", "person:sources"],
            snapshot.persons.values.sorted { $0.id < $1.id }.map {
                [$0.id, $0.name, $0.aliases.joined(separator: ";"), $0.gender ?? "", $0.country ?? "", date($0.birthDate),
                 $0.note ?? "", sources($0.id)]
            })
        out["postings.csv"] = table(
            ["person:id:admin", "person:name", "person:posting_unit_id:admin", "person:posting_unit", "person:posting_role",
             "person:posting_title", "person:posting_rank", "person:posting_first_cited_date",
             "person:posting_first_cited_date_start", "person:posting_last_cited_date", "person:posting_last_cited_date_end",
             "posting:id", "posting:sources"],
            snapshot.postings.values.sorted { $0.id < $1.id }.map { p in
                [p.person, snapshot.persons[p.person]?.name ?? p.person, p.unit, snapshot.units[p.unit]?.name ?? p.unit,
                 p.role.rawValue, p.title ?? "", p.rank ?? "", date(p.range.start),
                 p.range.start == nil ? "" : flag(p.range.startIsReal), date(p.range.end),
                 p.range.end == nil ? "" : flag(p.range.endIsReal), p.id, sources(p.id)]
            })
        out["incidents.csv"] = table(
            ["incident:id", "incident:title", "incident:country", "incident:location", "incident:place",
             "incident:first_cited_date", "incident:last_cited_date", "incident:precise", "incident:violations",
             "incident:killed", "incident:injured", "incident:perpetrator_units", "incident:perpetrator_persons",
             "incident:state_forces", "incident:description", "incident:sources"],
            snapshot.incidents.values.sorted { $0.id < $1.id }.map { i in
                [i.id, i.title, i.country, i.location ?? "", i.place ?? "", date(i.range.start), date(i.range.end),
                 flag(i.range.precise), i.violations.joined(separator: ";"), i.killed.map(String.init) ?? "",
                 i.injured.map(String.init) ?? "", i.perpetratorUnits.joined(separator: ";"),
                 i.perpetratorPersons.joined(separator: ";"), flag(i.stateForces), i.description ?? "", sources(i.id)]
            })
        out["sources.csv"] = table(
            ["source:id", "source:title", "source:publisher", "source:published", "source:url", "source:archive_url",
             "source:kind", "source:language", "source:author"],
            snapshot.sources.values.sorted { $0.id < $1.id }.map {
                [$0.id, $0.title, $0.publisher, $0.published.description, $0.url ?? "", $0.archiveURL ?? "", $0.kind ?? "",
                 $0.language ?? "", $0.author ?? ""]
            })
        return out
    }

    /// One CSV line (CRLF-free: `\n`), quoting fields that hold a comma, a quote or a line break.
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}

import Foundation
