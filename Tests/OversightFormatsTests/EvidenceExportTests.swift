import Foundation
import OversightCore
@testable import OversightFormats
import Testing

/// `oversight export sfm|ftm`: the SFM-style tables and the FollowTheMoney entities.
struct EvidenceExportTests {
    /// Properties the FollowTheMoney schema defines (followthemoney/schema/*.yaml) for the schemata the export
    /// writes, with their parents' (Thing; Interval for Occupancy; LegalEntity → Organization → PublicBody).
    static let thing: Set<String> = ["name", "alias", "previousName", "weakAlias", "country", "summary", "notes", "description",
                                     "sourceUrl", "publisher", "publisherUrl", "wikipediaUrl", "wikidataId", "keywords", "topics",
                                     "address", "program", "createdAt", "modifiedAt", "retrievedAt"]
    static let schemata: [String: (allowed: Set<String>, required: [String])] = [
        "Person": (thing.union(["birthDate", "deathDate", "gender", "nationality", "citizenship", "position", "title",
                                "firstName", "lastName", "birthPlace", "email", "phone", "website"]), ["name"]),
        "PublicBody": (thing.union(["jurisdiction", "mainCountry", "email", "phone", "website", "incorporationDate",
                                    "dissolutionDate", "classification", "sector", "status"]), ["name"]),
        "Position": (thing.union(["organization", "inceptionDate", "dissolutionDate", "subnationalArea", "numberOfSeats"]), ["name"]),
        "Occupancy": (["holder", "post", "startDate", "endDate", "date", "summary", "description", "recordId", "sourceUrl",
                       "publisher", "publisherUrl", "declarationDate", "constituency", "politicalGroup", "status",
                       "modifiedAt", "retrievedAt"], ["holder", "post"]),
    ]
    /// Entity-valued properties and the schemata they may point at.
    static let references: [String: Set<String>] = ["holder": ["Person"], "post": ["Position"], "organization": ["PublicBody"]]

    static func snapshot() -> EvidenceSnapshot {
        let source = Source(id: "src:report", title: "A report, with a comma", publisher: "Watch", published: PartialDate("2023-04-26")!)
        let range = DateRange(start: PartialDate("2022-12"), startIsReal: true, end: PartialDate("2023-02-06"), endIsReal: true)
        let open = DateRange(start: PartialDate("2023-01-09"), end: PartialDate("2023-03"))
        var records: [Record] = [
            .source(source),
            .unit(Unit(id: "unit:pnp", name: "Policía Nacional del Perú", aliases: ["PNP"], country: "PE", classification: ["police"], force: "police")),
            .unit(Unit(id: "unit:region-puno", name: "Región Policial Puno", country: "PE", classification: ["region"])),
            .relation(UnitRelation(id: "relation:puno-pnp", unit: "unit:region-puno", related: "unit:pnp", kind: .childOf, relationClass: "command", range: range)),
            .person(Person(id: "person:rojas", name: "Víctor Rojas Herrera", aliases: ["V. Rojas"], gender: "male", country: "PE",
                           birthDate: PartialDate("1965"))),
            .person(Person(id: "person:angulo", name: "Raúl Alfaro Alvarado", country: "PE")),
            .posting(Posting(id: "posting:rojas-puno", person: "person:rojas", unit: "unit:region-puno", role: .chief,
                             title: "Jefe de la Región Policial Puno", rank: "General PNP", range: range)),
            .posting(Posting(id: "posting:angulo-pnp", person: "person:angulo", unit: "unit:pnp", role: .commander, range: open)),
            .incident(Incident(id: "incident:juliaca", title: "Juliaca, 9 January", country: "PE", place: "Juliaca",
                               range: .on(Day("2023-01-09")!), violations: ["unlawful-killing"], killed: 18,
                               perpetratorUnits: ["unit:region-puno"], description: "Protesters \"shot\", near the airport")),
        ]
        for id in ["relation:puno-pnp", "posting:rojas-puno", "posting:angulo-pnp", "incident:juliaca", "person:rojas"] {
            records.append(.claim(Claim(id: "claim:\(id)", subject: id, citations: [Citation(source: "src:report")])))
        }
        return EvidenceSnapshot(records: records)
    }

    @Test func ftmExportUsesFollowTheMoneySchemataAndProperties() throws {
        let lines = try FollowTheMoneyExport.lines(Self.snapshot())
        let entities = try lines.map { try JSONDecoder().decode(FollowTheMoneyExport.Entity.self, from: Data($0.utf8)) }
        let byID = Dictionary(uniqueKeysWithValues: entities.map { ($0.id, $0) })
        #expect(Set(entities.map(\.schema)) == ["PublicBody", "Person", "Position", "Occupancy"])
        #expect(entities.filter { $0.schema == "Occupancy" }.count == 2)
        for entity in entities {
            let schema = try #require(Self.schemata[entity.schema], "unknown schema \(entity.schema)")
            #expect(entity.id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }, "\(entity.id)")
            for key in entity.properties.keys { #expect(schema.allowed.contains(key), "\(entity.schema) has no property \(key)") }
            for key in schema.required { #expect(entity.properties[key]?.isEmpty == false, "\(entity.id) lacks \(key)") }
            for (key, targets) in Self.references {
                for value in entity.properties[key] ?? [] {
                    #expect(byID[value].map { targets.contains($0.schema) } == true, "\(entity.id).\(key) → \(value)")
                }
            }
            for value in entity.properties["country"] ?? [] { #expect(value == value.lowercased() && value.count == 2) }
        }
        #expect(lines == lines.sorted(), "lines sorted by id")
        let rojas = try #require(byID[FollowTheMoneyExport.ftmID("person:rojas")])
        #expect(rojas.properties["nationality"] == ["pe"])
        #expect(rojas.properties["birthDate"] == ["1965"])
        #expect(rojas.properties["position"] == ["Jefe de la Región Policial Puno, Región Policial Puno"])
    }

    @Test func ftmExportRoundTripsPersonsAndPostings() throws {
        let snapshot = Self.snapshot()
        let text = try FollowTheMoneyExport.lines(snapshot).joined(separator: "\n")
        let read = try FollowTheMoneyEvidenceReader.read(Data(text.utf8))
        #expect(read.persons.sorted { $0.id < $1.id } == snapshot.persons.values.sorted { $0.id < $1.id })
        #expect(read.units.map(\.id).sorted() == snapshot.units.keys.sorted())
        let postings = Dictionary(uniqueKeysWithValues: read.postings.map { ($0.id, $0) })
        #expect(postings.count == snapshot.postings.count)
        for original in snapshot.postings.values {
            let back = try #require(postings[original.id])
            #expect(back.person == original.person && back.unit == original.unit && back.role == original.role)
            #expect(back.title == original.title && back.rank == original.rank)
            #expect(back.range.start == original.range.start && back.range.end == original.range.end)
            #expect(back.range.endIsReal == original.range.endIsReal, "Occupancy status ended ⇔ a real end")
        }
        // The screening reader (OpenSanctions FtM) reads the persons and bodies as screenable parties.
        let list = try FollowTheMoneyReader.read(Data(text.utf8), listID: "oversight")
        let rojas = try #require(list.entries.first { $0.id == FollowTheMoneyExport.ftmID("person:rojas") })
        #expect(rojas.schema == .person)
        #expect(rojas.names.map(\.text).contains("Víctor Rojas Herrera") && rojas.names.map(\.text).contains("V. Rojas"))
        #expect(rojas.countries == ["PE"])
        #expect(rojas.birthDates == [.exact(PartialDate("1965")!)])
        #expect(list.entries.contains { $0.schema == .organization && $0.primaryName == "Policía Nacional del Perú" })
    }

    @Test(arguments: ["person:rojas", "unit:región-puno/2", "a b_c:d", "x"])
    func ftmIDsTurnBackIntoOversightIDs(id: String) {
        let ftm = FollowTheMoneyExport.ftmID(id)
        #expect(FollowTheMoneyExport.oversightID(ftm) == id)
        #expect(FollowTheMoneyExport.oversightID(FollowTheMoneyExport.ftmID(id, suffix: "-post"), suffix: "-post") == id)
    }

    @Test func sfmTablesImportAgainWithTheSFMReaders() throws {
        let tables = SFMExport.tables(Self.snapshot())
        #expect(Set(tables.keys) == Set(SFMExport.files))
        let relations = try SFMUnitFile.parse(Data(tables["relations.csv"]!.utf8), delimiter: ",", fileName: "relations.csv")
        #expect(relations.issues.isEmpty, "\(relations.issues)")
        #expect(relations.relations.map(\.relation.unit) == ["unit:region-puno"])
        #expect(relations.relations.first?.relation.range.start == PartialDate("2022-12"))
        #expect(relations.relations.first?.relation.range.endIsReal == true)
        let postings = try SFMPersonFile.parse(Data(tables["postings.csv"]!.utf8), delimiter: ",", fileName: "postings.csv")
        #expect(postings.issues.isEmpty, "\(postings.issues)")
        let rojas = try #require(postings.postings.first { $0.posting.person == "person:rojas" }?.posting)
        #expect(rojas.unit == "unit:region-puno" && rojas.role == .chief && rojas.rank == "General PNP")
        let incidents = tables["incidents.csv"]!
        #expect(incidents.hasPrefix("incident:id,incident:title,"))
        #expect(incidents.contains("\"Juliaca, 9 January\""), "fields with commas are quoted")
        #expect(incidents.contains("\"Protesters \"\"shot\"\", near the airport\""), "quotes doubled")
        #expect(incidents.contains(",src:report\n"), "the sources column lists the cited sources")
        #expect(tables["sources.csv"]!.contains("src:report,\"A report, with a comma\",Watch,2023-04-26"))
        #expect(tables["units.csv"]!.contains("unit:pnp,Policía Nacional del Perú,PNP,police,PE,police,,"))
    }
}
