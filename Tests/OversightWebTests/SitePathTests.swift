@testable import OversightWeb
import Testing

/// One constant per page registers its route and prints its links.
@Suite struct SitePathTests {
    @Test func hrefFillsTheParametersInOrderAndEncodesThem() {
        #expect(SitePath.unit.href("unit:pnp-comisaria-juliaca") == "/units/unit:pnp-comisaria-juliaca")
        #expect(SitePath.responsibility.href("incident:juliaca 2023/01") == "/incidents/incident:juliaca%202023%2F01/responsibility")
        #expect(SitePath.home.href() == "/")
        #expect(Paths.page(kind: .person, id: "person:x", asOf: nil) == SitePath.person.href("person:x"))
    }

    @Test func everyEvidencePageRowIsRegisteredFromItsSitePath() {
        let patterns = Set([SitePath.home, .incidents, .incident, .responsibility, .unit, .unitChart, .person, .source, .entity].map(\.pattern))
        let rows = PageController<FailingStore>(reader: .init(store: FailingStore()), renderer: try! PageRenderer()).routes.map(\.spec.path)
        #expect(Set(rows) == patterns)
    }
}
