import Testing
@testable import OversightCore

struct ValidationTests {
    let validator = RecordValidator.standard
    let source = Citation(source: "src:a")

    func range(_ start: String, _ end: String) -> DateRange {
        DateRange(start: PartialDate(start), startIsReal: true, end: PartialDate(end), endIsReal: true)
    }

    @Test func claimWithoutCitationIsRejectedWithAFix() {
        let issues = validator.check(.claim(Claim(id: "claim:x", subject: "unit:a", citations: [])))
        #expect(issues.count == 1)
        #expect(issues.first?.path == "claim:claim:x.citations")
        #expect(issues.first?.message.contains("at least one citation") == true)
    }

    @Test func endBeforeStartIsRejected() {
        let posting = Posting(id: "posting:p", person: "person:a", unit: "unit:a", role: .commander, range: range("2023-01-13", "2022-12-21"))
        let issues = validator.check(.posting(posting))
        #expect(issues.map(\.path) == ["posting:posting:p.range"])
        #expect(issues[0].message.contains("before it starts"))
    }

    @Test func unknownControlEntryIsRejected() {
        let export = ExportRecord(id: "export:x", exporter: "CA", destination: "PE", year: 2023, controlEntry: "2-99")
        let issues = validator.check(.export(export))
        #expect(issues.map(\.path) == ["export:export:x.controlEntry"])
        #expect(validator.check(.export(ExportRecord(id: "export:y", exporter: "CA", destination: "PE", year: 2023, controlEntry: "ML14"))).isEmpty)
    }

    @Test func unknownCountryViolationAndNegativeCountsAreAllReported() {
        let incident = Incident(id: "incident:x", title: "x", country: "XQ", range: range("2023-01-09", "2023-01-09"),
                                violations: ["unlawful-killing", "bad-type"], killed: -1)
        let paths = Set(validator.check(.incident(incident)).map(\.path))
        #expect(paths == ["incident:incident:x.country", "incident:incident:x.violations[1]", "incident:incident:x.killed"])
    }

    @Test func postingWhoseUnitDoesNotExistIsRejected() {
        let posting = Posting(id: "posting:p", person: "person:a", unit: "unit:missing", role: .commander, range: range("2022-01-01", "2022-02-01"))
        let kinds: [String: EntityKind] = ["person:a": .person, "unit:b": .unit]
        let issues = validator.checkReferences(of: posting, kindOf: { kinds[$0] })
        #expect(issues.count == 1)
        #expect(issues[0].path == "posting:posting:p.unit")
        #expect(issues[0].message.contains("does not exist"))
        let wrongKind = Posting(id: "posting:q", person: "unit:b", unit: "unit:b", role: .commander, range: range("2022-01-01", "2022-02-01"))
        #expect(validator.checkReferences(of: wrongKind, kindOf: { kinds[$0] }).first?.message.contains("is a unit, not a person") == true)
    }

    @Test func validRecordsPass() {
        let claim = Claim(id: "claim:ok", subject: "unit:a", citations: [source])
        #expect(validator.check(.claim(claim)).isEmpty)
        #expect(validator.check(.unit(Unit(id: "unit:a", name: "A", country: "PE"))).isEmpty)
    }
}

struct NameKeyTests {
    @Test(arguments: [("Víctor Rojas Herrera", "victor rojas herrera"), ("  RÓJAS-herrera, Víctor ", "rojas herrera victor"),
                      ("Comisaría Sectorial Juliaca", "comisaria sectorial juliaca"), ("Ñuñoa", "nunoa")])
    func folds(input: String, expected: String) {
        #expect(NameKey.fold(input) == expected)
    }
}
