import OversightCore

/// A small evidence base exercising every query of the contract.
enum Fixture {
    static func range(_ start: String, _ end: String?, real: Bool = true, precise: Bool = true) -> DateRange {
        DateRange(start: PartialDate(start), startIsReal: real, end: end.flatMap { PartialDate($0) }, endIsReal: real && end != nil, precise: precise)
    }

    static let early = Source(id: "src:news-2023-01-09", title: "Seventeen dead near Juliaca airport", publisher: "Wire",
                              published: PartialDate("2023-01-09")!, url: "https://example.org/news", kind: "news")
    static let late = Source(id: "src:report-2023-04", title: "Deadly Decline", publisher: "NGO", published: PartialDate("2023-04")!, kind: "report")

    static var records: [Record] {
        [
            .source(early), .source(late),
            .unit(Unit(id: "unit:police", name: "Policía Nacional", aliases: ["National Police"], country: "PE", classification: ["police"], force: "police")),
            .unit(Unit(id: "unit:station", name: "Comisaría Sectorial Juliaca", country: "PE", classification: ["station"], force: "police")),
            .person(Person(id: "person:rojas", name: "Víctor Rojas Herrera", country: "PE")),
            .posting(Posting(id: "posting:rojas", person: "person:rojas", unit: "unit:police", role: .minister,
                             title: "Ministro del Interior", range: range("2022-12-21", "2023-01-13"))),
            .relation(UnitRelation(id: "relation:station-police", unit: "unit:station", related: "unit:police", kind: .childOf,
                                   relationClass: "command", range: range("2022-12", "2023-03", real: false))),
            .incident(Incident(id: "incident:juliaca", title: "Juliaca", country: "PE", place: "Juliaca", range: range("2023-01-09", "2023-01-09"),
                               violations: ["unlawful-killing", "excessive-force"], killed: 18, injured: 100,
                               perpetratorUnits: ["unit:station"])),
            .incident(Incident(id: "incident:later", title: "Later incident", country: "PE", range: range("2023-03-01", "2023-03-02"),
                               violations: ["arbitrary-detention"])),
            .incident(Incident(id: "incident:elsewhere", title: "Elsewhere", country: "CO", range: range("2023-01-09", "2023-01-09"),
                               violations: ["torture"])),
            .claim(Claim(id: "claim:rojas-post", subject: "posting:rojas", confidence: .high,
                         citations: [Citation(source: early.id, page: "2", excerpt: "minister since 21 Dec")])),
            .claim(Claim(id: "claim:relation", subject: "relation:station-police", citations: [Citation(source: late.id)])),
            .claim(Claim(id: "claim:juliaca", subject: "incident:juliaca", confidence: .high,
                         citations: [Citation(source: late.id, page: "40"), Citation(source: early.id)])),
            .claim(Claim(id: "claim:juliaca-killed-17", subject: "incident:juliaca", property: "killed", value: "17", status: .contested,
                         citations: [Citation(source: early.id)])),
            .claim(Claim(id: "claim:juliaca-killed-18", subject: "incident:juliaca", property: "killed", value: "18", status: .contested,
                         citations: [Citation(source: late.id)])),
            .claim(Claim(id: "claim:later", subject: "incident:later", citations: [Citation(source: late.id)])),
            .claim(Claim(id: "claim:elsewhere", subject: "incident:elsewhere", citations: [Citation(source: early.id)])),
        ]
    }
}
