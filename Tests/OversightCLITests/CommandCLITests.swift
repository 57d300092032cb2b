import Foundation
import Testing

/// `oversight chain` and `oversight responsibility`, running the real binary on the demo case.
@Suite struct CommandCLITests {
    let cli = CLITests()

    func demo() throws -> String {
        let loaded = try cli.run(["demo", "--db", cli.db])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        return cli.db
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func chainTableOfJuliacaReachesBoluarteThroughRojasAndAlfaro() throws {
        let db = try demo()
        let result = try cli.run(["chain", "--db", db, "--unit", "comisaria sectorial juliaca", "--date", "2023-01-09"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Chain of command above Comisaría Sectorial Juliaca (unit:pnp-comisaria-juliaca) on 2023-01-09")
        func level(_ n: Int) throws -> String { try #require(lines.first { $0.hasPrefix("\(n) ") }) }
        #expect(try level(0).contains("Comisaría Sectorial Juliaca") && level(0).hasSuffix("unknown"))
        #expect(try level(1).contains("Región Policial Puno") && level(1).contains("child-of, definite"))
        #expect(try level(1).contains("contested, side by side: Carlos Bravo Cáceres (possible) (contested)"))
        #expect(try level(1).contains("Julio Mauricio Contreras (possible) (contested)"))
        #expect(try level(3).contains("Policía Nacional del Perú") && level(3).contains("Raúl Alfaro Alvarado (definite)"))
        #expect(try level(4).contains("Ministerio del Interior") && level(4).contains("civilian-control-of, definite"))
        #expect(try level(4).contains("Víctor Rojas Herrera (definite)") && level(4).contains("[claim:posting-rojas-mininter]"))
        #expect(try level(5).contains("Presidencia de la República del Perú") && level(5).contains("Dina Boluarte (definite)"))
        #expect(!result.stdout.contains("Romero") && !result.stdout.contains("Cervantes"))
        #expect(result.stdout.contains("Member chains: none on this date."))
    }

    @Test func chainOfTheArmyOn15DecemberShowsTheContestedCommand() throws {
        let db = try demo()
        let result = try cli.run(["chain", "--db", db, "--unit", "unit:army", "--date", "2022-12-15"])
        #expect(result.status == 0, "\(result.stderr)")
        let army = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("0 ") })
        #expect(army.contains("contested, side by side: David Ojeda Parra (possible) (contested), Army Commander General [claim:posting-ojeda-army] | Walter Córdova Alemán (possible) (contested)"))
    }

    @Test func chainAsJSONAndGraphML() throws {
        let db = try demo()
        let result = try cli.run(["chain", "--db", db, "--unit", "unit:pnp-comisaria-juliaca", "--date", "2023-01-09", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let chain = try json(result.stdout)
        #expect(chain["date"] as? String == "2023-01-09")
        #expect(chain["unitID"] as? String == "unit:pnp-comisaria-juliaca")
        let levels = try #require(chain["levels"] as? [[String: Any]])
        #expect(levels.count == 6)
        let mininter = try #require(levels.first { ($0["unit"] as? [String: Any])?["id"] as? String == "unit:mininter" })
        let holders = try #require(mininter["holders"] as? [[String: Any]])
        #expect(holders.map { ($0["posting"] as? [String: Any])?["person"] as? String } == ["person:victor-rojas-herrera"])
        #expect(holders.first?["presence"] as? String == "definite")
        #expect(result.stdout.contains("\"claims\""), "the claims behind each holder")

        let early = try cli.run(["chain", "--db", db, "--unit", "unit:pnp-comisaria-juliaca", "--date", "2023-01-09", "--format", "json", "--as-of", "2023-02-06"])
        #expect(early.status == 0, "\(early.stderr)")
        #expect(early.stdout.contains("\"unitID\" : \"unit:pnp-comisaria-juliaca\""))
        #expect(!early.stdout.contains("posting:bravo-caceres-pnp-region-puno"), "named as Puno chief only in January 2024")

        let graph = try cli.run(["chain", "--db", db, "--unit", "unit:pnp-comisaria-juliaca", "--date", "2023-01-09", "--format", "graphml"])
        #expect(graph.status == 0, "\(graph.stderr)")
        #expect(graph.stdout.hasPrefix("<?xml"))
        #expect(graph.stdout.contains("<node id=\"unit:pe-presidency\">"))
        #expect(graph.stdout.contains("<edge id=\"relation:pnp-civilian-control-mininter\" source=\"unit:mininter\" target=\"unit:pnp\">"))
    }

    @Test func chainErrorsSayWhatToFix() throws {
        let db = try demo()
        let unknown = try cli.run(["chain", "--db", db, "--unit", "no such unit", "--date", "2023-01-09"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no unit has the id or name 'no such unit'"))
        let person = try cli.run(["chain", "--db", db, "--unit", "person:dina-boluarte", "--date", "2023-01-09"])
        #expect(person.status != 0)
        #expect(person.stderr.contains("is a person, not a unit"))
        let badDate = try cli.run(["chain", "--db", db, "--unit", "unit:army", "--date", "2023-02-30"])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--date '2023-02-30' is not a date; use YYYY-MM-DD"))
        let noDate = try cli.run(["chain", "--db", db, "--unit", "unit:army"])
        #expect(noDate.status != 0)
        #expect(noDate.stderr.contains("--date"))
        let badAsOf = try cli.run(["chain", "--db", db, "--unit", "unit:army", "--date", "2023-01-09", "--as-of", "soon"])
        #expect(badAsOf.status != 0)
        #expect(badAsOf.stderr.contains("YYYY-MM-DD"))
    }

    @Test func responsibilityMarkdownForAyacuchoHasTheBrigadeCommanderAndTheInvestigation() throws {
        let db = try demo()
        let result = try cli.run(["responsibility", "--db", db, "--incident", "incident:ayacucho-2022-12-15"])
        #expect(result.status == 0, "\(result.stderr)")
        let md = result.stdout
        #expect(md.hasPrefix("# Command responsibility: Killings at Alfredo Mendívil Duarte airport, Ayacucho\n"))
        #expect(md.contains("> These are evidence indicators for each element of command responsibility"))
        #expect(md.contains("They are not findings of guilt"))
        #expect(md.contains("## Perpetrator unit: 2.ª Brigada de Infantería (`unit:army-2nd-infantry-brigade`)"))
        #expect(md.contains("| Jesús Vera Ipenza (definite) | Commander, 2nd Infantry Brigade, 2.ª Brigada de Infantería | 0 | military | supported | no evidence | partly supported |"))
        #expect(md.contains("| Walter Córdova Alemán (possible, contested) |"))
        let vera = String(md.section(from: "#### Jesús Vera Ipenza: 2.ª Brigada de Infantería (level 0)", to: "####"))
        #expect(vera.contains("  - contradicts: investigation-opened (naming Jesús Vera Ipenza): Ayacucho prosecutor investigates Gen. Antero Mejía and Gen. Jesús Vera Ipenza (`accountability:ayacucho-prosecutor-mejia-vera-ipenza`)"))
        #expect(vera.contains("claim `claim:accountability-ayacucho-prosecutor-mejia-vera-ipenza`"))
        #expect(md.contains("*Who called the shots? Chain of command responsibility for killings and injuries in protests in Peru*, Amnesty International, 2024-07-18"),
                "cited sources: title, publisher, date")
    }

    @Test func responsibilityForJuliacaListsThePromotionAndTheCommendation() throws {
        let db = try demo()
        let md = try cli.run(["responsibility", "--db", db, "--incident", "incident:juliaca-2023-01-09", "--format", "md"])
        #expect(md.status == 0, "\(md.stderr)")
        let boluarte = String(md.stdout.section(from: "#### Dina Boluarte: Presidencia de la República del Perú (level 5)", to: "####"))
        let failure = String(boluarte.section(from: "- **Failure to prevent, repress or submit to competent authorities**", to: "\n\n"))
        #expect(failure.contains("supports: promotion (concerning subordinates): Gen. Carlos Bravo Cáceres made head of PNP national inspections (`accountability:promotion-bravo-caceres`)"))
        #expect(failure.contains("supports: commendation (concerning forces under this command): 4th Mountain Brigade commends soldiers, including two under investigation over Juliaca (`accountability:commendation-4th-mountain-brigade-2023-06`)"))

        let json = try cli.run(["responsibility", "--db", db, "--incident", "incident:juliaca-2023-01-09", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try self.json(json.stdout)
        #expect((report["incident"] as? [String: Any])?["id"] as? String == "incident:juliaca-2023-01-09")
        #expect(report["date"] as? String == "2023-01-09")
        #expect((report["units"] as? [Any])?.count == 2)
        #expect(json.stdout.contains("\"recordID\" : \"accountability:commendation-4th-mountain-brigade-2023-06\""))

        let early = try cli.run(["responsibility", "--db", db, "--incident", "incident:juliaca-2023-01-09", "--as-of", "2023-02-06"])
        #expect(early.status == 0, "\(early.stderr)")
        #expect(early.stdout.contains("As known on 2023-02-06"))
        #expect(!early.stdout.contains("accountability:promotion-bravo-caceres"))
    }

    @Test func responsibilityHTMLIsTheWebPage() throws {
        let db = try demo()
        let result = try cli.run(["responsibility", "--db", db, "--incident", "incident:ayacucho-2022-12-15", "--format", "html"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<title>Command responsibility: Killings at Alfredo Mendívil Duarte airport, Ayacucho — Oversight</title>"))
        #expect(html.contains("<p class=\"disclaimer\" role=\"note\">These are evidence indicators"))
        #expect(html.contains("<table class=\"responsibility-table\">"))
        #expect(html.contains(">Jesús Vera Ipenza</a>"))
        #expect(html.contains("href=\"/entities/accountability:ayacucho-prosecutor-mejia-vera-ipenza\""))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func responsibilityErrorsSayWhatToFix() throws {
        let db = try demo()
        let unknown = try cli.run(["responsibility", "--db", db, "--incident", "incident:nothing"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no incident has the id 'incident:nothing'"))
        let unit = try cli.run(["responsibility", "--db", db, "--incident", "unit:army"])
        #expect(unit.status != 0)
        #expect(unit.stderr.contains("'unit:army' is a unit, not an incident"))
        let before = try cli.run(["responsibility", "--db", db, "--incident", "incident:juliaca-2023-01-09", "--as-of", "2022-12-01"])
        #expect(before.status != 0)
        #expect(before.stderr.contains("was not known on 2022-12-01"))
        let format = try cli.run(["responsibility", "--db", db, "--incident", "incident:juliaca-2023-01-09", "--format", "pdf"])
        #expect(format.status != 0)
    }
}

fileprivate extension String {
    /// The part between two markers (to the end when the second is missing).
    func section(from start: String, to end: String) -> Substring {
        guard let lower = range(of: start)?.upperBound else { return "" }
        let rest = self[lower...]
        guard let upper = rest.range(of: end)?.lowerBound else { return rest }
        return rest[..<upper]
    }
}
