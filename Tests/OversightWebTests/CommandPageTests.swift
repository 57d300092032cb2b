import Foundation
import HummingbirdTesting
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The chain of command and command responsibility, over real HTTP against the demo case.
@Suite struct CommandPageTests {
    static let army = "unit:army"
    static let boluarte = "person:dina-boluarte"
    static let alfaro = "person:raul-alfaro-alvarado"

    @Test func juliacaStationChartOnTheDayReachesBoluarteThroughRojasAndAlfaro() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/units/\(Demo.juliacaStation)?date=2023-01-09")
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains(#"<input type="date" id="date" name="date" value="2023-01-09""#), "the date form keeps the date")
            // The inline chart, accessible.
            let svg = html.section(from: "<figure class=\"chart\">", to: "</figure>")
            #expect(svg.contains(#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="command-chart-title command-chart-desc""#))
            #expect(svg.contains("<title id=\"command-chart-title\">Chain of command above Comisaría Sectorial Juliaca on 2023-01-09</title>"))
            #expect(svg.contains("<desc id=\"command-chart-desc\">"))
            #expect(svg.contains("Level 4: Ministerio del Interior, reached by civilian-control-of (definite); held by Víctor Rojas Herrera (definite)."))
            // The table: one row per level, the holders marked.
            let table = String(html.section(from: "<table class=\"chain\">", to: "</table>"))
            let rows = table.components(separatedBy: "<td class=\"num\">").dropFirst()
            #expect(rows.count == 6)
            let mininter = try #require(rows.first { $0.contains(">Ministerio del Interior<") })
            #expect(mininter.contains(">Víctor Rojas Herrera</a> <span class=\"presence definite\">definite</span>"))
            #expect(mininter.contains("civilian-control-of</a> <span class=\"presence definite\">definite</span>"))
            #expect(!mininter.contains("Romero") && !mininter.contains("Cervantes"))
            let pnp = try #require(rows.first { $0.contains(">Policía Nacional del Perú<") })
            #expect(pnp.contains(">Raúl Alfaro Alvarado</a> <span class=\"presence definite\">definite</span>"))
            let top = try #require(rows.last)
            #expect(top.contains(">Presidencia de la República del Perú<") && top.contains(">Dina Boluarte</a>"))
            // The claims behind each holder, with the source.
            #expect(pnp.contains("claim:posting-alfaro-pnp") && pnp.contains("La República"))
            // The contested Puno command: both, side by side.
            let puno = try #require(rows.first { $0.contains(">Región Policial Puno<") })
            #expect(puno.contains("Sources disagree on who held this post"))
            #expect(puno.contains(">Carlos Bravo Cáceres</a> <span class=\"presence possible\">possible</span> <strong class=\"badge contested\">Contested</strong>"))
            #expect(puno.contains(">Julio Mauricio Contreras</a> <span class=\"presence possible\">possible</span> <strong class=\"badge contested\">Contested</strong>"))
            #expect(rows.first?.contains("<span class=\"presence unknown\">unknown</span>") == true, "the station's own commander is unknown")
            #expect(html.contains("href=\"/units/\(Demo.juliacaStation)/chart.svg?date=2023-01-09\""))
        }
    }

    @Test func armyCommandOn15DecemberShowsCordovaAndOjedaAsContested() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/units/\(Self.army)?date=2022-12-15").text
            let svg = String(html.section(from: "<svg", to: "</svg>"))
            #expect(svg.contains(">contested</text>"))
            #expect(svg.contains(">David Ojeda Parra</text>") && svg.contains(">Walter Córdova Alemán</text>"))
            #expect(svg.occurrences(of: #"class="holder possible contested""#) == 2)
            #expect(svg.contains(#"stroke-dasharray="6 4""#), "possible holders have a dashed border")
            let army = String(html.section(from: "<table class=\"chain\">", to: "</tr>\n<tr"))
            #expect(army.contains("Sources disagree on who held this post"))
            #expect(army.occurrences(of: "<strong class=\"badge contested\">Contested</strong>") >= 2)
        }
    }

    @Test func unitPageWithoutADateShowsTheLatestCitedDateAndSaysSo() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/units/\(Demo.juliacaStation)").text
            #expect(html.contains("No date chosen: this is the chain on 2023-03-01"))
            #expect(html.contains(#"name="date" value="2023-03-01""#))
            #expect(html.contains("<svg"))
            let kept = try await client.get("/units/\(Demo.juliacaStation)?date=2023-01-09&asOf=\(Demo.permitDay)").text
            #expect(kept.contains(#"<input type="hidden" name="asOf" value="2023-02-06">"#), "the chain form keeps the knowledge date")
            let keptChain = String(kept.section(from: "<table class=\"chain\">", to: "</table>"))
            #expect(!keptChain.contains("Carlos Bravo Cáceres"), "named as Puno chief only in January 2024")
            let bad = try await client.get("/units/\(Demo.juliacaStation)?date=2023-02-30")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("date=2023-02-30 is not a date"))
        }
    }

    @Test func chartIsServedAloneAsSVG() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/units/\(Demo.juliacaStation)/chart.svg?date=2023-01-09")
            #expect(response.status == .ok)
            #expect(response.contentType == "image/svg+xml; charset=utf-8")
            let svg = response.text
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.hasSuffix("</svg>\n"))
            for name in ["Víctor Rojas Herrera", "Raúl Alfaro Alvarado", "Dina Boluarte", "Carlos Bravo Cáceres", "Julio Mauricio Contreras"] {
                #expect(svg.contains(">\(name)</text>"), "\(name)")
            }
            let again = try await client.get("/units/\(Demo.juliacaStation)/chart.svg?date=2023-01-09").text
            #expect(again == svg, "deterministic")
            #expect(try await client.get("/units/\(Demo.juliacaStation)/chart.svg?date=2023-1-9").status == .badRequest)
            #expect(try await client.get("/units/\(Self.boluarte)/chart.svg?date=2023-01-09").status == .notFound)
            #expect(try await client.get("/units/unit:no-such-unit/chart.svg?date=2023-01-09").status == .notFound)
        }
    }

    @Test func chainAPIGivesTheCommandChain() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/api/v1/units/\(Demo.juliacaStation)/chain?date=2023-01-09")
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("application/json"))
            let chain = try response.decode(CommandChain.self)
            #expect(chain.date == Day("2023-01-09"))
            #expect(chain.levels.last?.unit.id == "unit:pe-presidency")
            #expect(chain.levels.first { $0.unit.id == Demo.interiorMinistry }?.holders.map(\.posting.id) == [Demo.rojasPosting])
            let army = try await client.get("/api/v1/units/\(Self.army)/chain?date=2022-12-15").decode(CommandChain.self)
            #expect(army.levels[0].holders.count == 2)
            #expect(army.levels[0].holders.allSatisfy { $0.contested && $0.presence == .possible })
            let early = try await client.get("/api/v1/units/\(Demo.juliacaStation)/chain?date=2023-01-09&asOf=\(Demo.permitDay)").decode(CommandChain.self)
            #expect(!early.levels.flatMap(\.holders).contains { $0.posting.person == "person:carlos-bravo-caceres" },
                    "named as Puno chief only in January 2024")

            let missing = try await client.get("/api/v1/units/\(Self.army)/chain")
            #expect(missing.status == .badRequest)
            #expect(try missing.decode(ErrorBody.self).error.message.contains("date is required"))
            let unknown = try await client.get("/api/v1/units/unit:no-such-unit/chain?date=2023-01-09")
            #expect(unknown.status == .notFound)
            #expect(unknown.contentType.hasPrefix("application/json"))
        }
    }

    @Test func responsibilityAPIGivesTheReport() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/api/v1/incidents/\(Demo.juliaca)/responsibility")
            #expect(response.status == .ok)
            let report = try response.decode(ResponsibilityReport.self)
            #expect(report.incident.id == Demo.juliaca)
            let failures = report.units.flatMap(\.superiors).compactMap { $0.element(.failureToAct) }.flatMap(\.indicators)
            #expect(failures.contains { $0.recordID == "accountability:promotion-bravo-caceres" && $0.direction == .supports })
            #expect(failures.contains { $0.recordID == "accountability:commendation-4th-mountain-brigade-2023-06" && $0.direction == .supports })
            let early = try await client.get("/api/v1/incidents/\(Demo.juliaca)/responsibility?asOf=\(Demo.permitDay)").decode(ResponsibilityReport.self)
            let earlyIDs = early.units.flatMap(\.superiors).flatMap(\.elements).flatMap(\.indicators).map(\.recordID)
            #expect(!earlyIDs.contains("accountability:promotion-bravo-caceres"), "reported only in January 2024")
            let before = try await client.get("/api/v1/incidents/\(Demo.juliaca)/responsibility?asOf=2022-12-01")
            #expect(before.status == .notFound)
            #expect(try before.decode(ErrorBody.self).error.message.contains("was not known on 2022-12-01"))
            #expect(try await client.get("/api/v1/incidents/\(Self.army)/responsibility").status == .notFound)
        }
    }

    @Test func ayacuchoIncidentPageHasTheResponsibilityTableWithTheBrigadeCommander() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/incidents/\(Demo.ayacucho)").text
            let section = String(html.section(from: "<section class=\"responsibility\"", to: "<section class=\"claims\""))
            #expect(section.contains(ResponsibilityReport.disclaimer))
            #expect(!section.lowercased().contains("guilty"))
            #expect(section.contains("Perpetrator unit: <a href=\"/units/unit:army-2nd-infantry-brigade\">2.ª Brigada de Infantería</a>"))
            let table = String(section.section(from: "<table class=\"responsibility-table\">", to: "</table>"))
            #expect(table.contains("<th scope=\"col\">Superior–subordinate relationship and effective control</th>"))
            let vera = String(table.section(from: ">Jesús Vera Ipenza</a>", to: "</tr>"))
            #expect(vera.contains("Commander, 2nd Infantry Brigade"))
            #expect(vera.contains("<td class=\"rating rating-supported\">supported"), "relationship")
            #expect(vera.contains("<td class=\"rating rating-partly-supported\">partly supported"), "failure to act: the investigation speaks against it")
            // The indicators name the prosecutor's investigation, linked, with its claim and source.
            let indicators = String(section.section(from: "<h4>Jesús Vera Ipenza: 2.ª Brigada de Infantería (level 0)</h4>", to: "</section>"))
            #expect(indicators.contains("<strong>contradicts</strong>: investigation-opened (naming Jesús Vera Ipenza): Ayacucho prosecutor investigates Gen. Antero Mejía and Gen. Jesús Vera Ipenza"))
            #expect(indicators.contains("href=\"/entities/accountability:ayacucho-prosecutor-mejia-vera-ipenza\""))
            #expect(indicators.contains("claim:accountability-ayacucho-prosecutor-mejia-vera-ipenza"))
            // The contested Army command stays in the table, both candidates.
            #expect(table.contains(">Walter Córdova Alemán</a> <span class=\"presence possible\">possible</span> <strong class=\"badge contested\">Contested</strong>"))
            #expect(table.contains(">David Ojeda Parra</a> <span class=\"presence possible\">possible</span> <strong class=\"badge contested\">Contested</strong>"))
        }
    }

    @Test func juliacaIncidentPageListsThePromotionAndTheCommendationAsFailureIndicators() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/incidents/\(Demo.juliaca)").text
            let section = String(html.section(from: "<section class=\"responsibility\"", to: "<section class=\"claims\""))
            let boluarte = String(section.section(from: "<h4>Dina Boluarte: Presidencia de la República del Perú (level 5)</h4>", to: "</section>"))
            let failure = String(boluarte.section(from: "<h5>Failure to prevent, repress or submit to competent authorities", to: "</ul>"))
            #expect(failure.contains("<strong>supports</strong>: promotion (concerning subordinates): Gen. Carlos Bravo Cáceres made head of PNP national inspections"))
            #expect(failure.contains("<strong>supports</strong>: commendation (concerning forces under this command): 4th Mountain Brigade commends soldiers"))
            #expect(failure.contains("Infobae"), "cited")
            let table = String(section.section(from: "<table class=\"responsibility-table\">", to: "</table>"))
            #expect(table.contains(">Víctor Rojas Herrera</a> <span class=\"presence definite\">definite</span>"))
            #expect(table.contains(">Raúl Alfaro Alvarado</a>"))
            // As known on the permit day, the promotion (reported in 2024) is not there yet.
            let early = try await client.get("/incidents/\(Demo.juliaca)?asOf=\(Demo.permitDay)").text
            #expect(early.contains("<section class=\"responsibility\""))
            #expect(!early.contains("made head of PNP national inspections"))
        }
    }

    @Test func printableReportIsWhatReportHTMLRenders() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
        try await DemoCase.load(into: store)
        for asOf in [nil, Day(Demo.permitDay)] {
            let snapshot = try await store.snapshot(asOf: asOf)
            let report = try #require(CommandIndex(snapshot: snapshot).responsibility(incident: Demo.juliaca))
            let expected = try ReportHTML.responsibility(report, snapshot: snapshot)
            try await DemoApp.test { client in
                let response = try await client.get("/incidents/\(Demo.juliaca)/responsibility" + (asOf.map { "?asOf=\($0)" } ?? ""))
                #expect(response.status == .ok)
                #expect(response.text == expected, "the CLI's --format html prints the page the server serves")
            }
            #expect(expected.hasPrefix("<!doctype html>"))
            #expect(expected.contains("<h1>Command responsibility: Killings near Inca Manco Cápac airport, Juliaca</h1>"))
        }
    }

    @Test func personPageShowsSuperiorsAndSubordinatesOverTime() async throws {
        try await DemoApp.test { client in
            let rojas = try await client.get("/persons/\(Demo.rojas)").text
            let timeline = String(rojas.section(from: "<section class=\"command-timeline\"", to: "<section aria-labelledby=\"incidents-heading\">"))
            #expect(timeline.contains("<h3>Minister of the Interior, <a href=\"/units/\(Demo.interiorMinistry)\">Ministerio del Interior</a></h3>"))
            #expect(timeline.contains("First cited<br><time datetime=\"2022-12-21\">2022-12-21</time>"))
            #expect(timeline.contains("Last cited<br><time datetime=\"2023-01-13\">2023-01-13</time>"))
            let start = String(timeline.section(from: "datetime=\"2022-12-21\"", to: "</tr>"))
            #expect(start.contains(">Presidencia de la República del Perú</a>"))
            #expect(start.contains(">Dina Boluarte</a> <span class=\"presence definite\">definite</span>"), "superior")
            #expect(start.contains(">Policía Nacional del Perú</a>"))
            #expect(start.contains(">Raúl Alfaro Alvarado</a> <span class=\"presence definite\">definite</span>"), "subordinate")
            #expect(!start.contains(">Víctor Rojas Herrera</a>"), "nobody is their own superior or subordinate")
            #expect(timeline.contains("href=\"/units/\(Demo.interiorMinistry)?date=2022-12-21\""))

            let alfaro = try await client.get("/persons/\(Self.alfaro)").text
            let alfaroTimeline = String(alfaro.section(from: "<section class=\"command-timeline\"", to: "<section aria-labelledby=\"incidents-heading\">"))
            #expect(alfaroTimeline.contains(">X Macro Región Policial Puno</a>"))
            #expect(alfaroTimeline.contains(">David Villanueva Yana</a> <span class=\"presence possible\">possible</span>"))
            let last = String(alfaroTimeline.section(from: "datetime=\"2023-03-21\"", to: "</tr>"))
            #expect(last.contains(">Vicente Romero Fernández</a>"), "the interior minister at the end of the posting")

            let nobody = try await client.get("/persons/person:enrique-sampen?asOf=2022-12-31").text
            #expect(nobody.contains("No command post recorded as known on 2022-12-31."))
        }
    }

    @Test func memberChainsCyclesAndEscapingOnASyntheticUnitPage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-synthetic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("s.sqlite").path)
        let always = DateRange(start: PartialDate("2020-01-01"), startIsReal: true, end: PartialDate("2025-12-31"), endIsReal: true)
        let source = Source(id: "src:s", title: "Source <S>", publisher: "P", published: PartialDate("2021-01-01")!)
        var records: [Record] = [
            .source(source),
            .unit(Unit(id: "unit:company", name: "Company <A&B>")),
            .unit(Unit(id: "unit:battalion", name: "Battalion")),
            .unit(Unit(id: "unit:brigade", name: "Brigade")),
            .unit(Unit(id: "unit:task-force", name: "Task Force")),
            .relation(UnitRelation(id: "relation:company-battalion", unit: "unit:company", related: "unit:battalion", kind: .childOf, range: always)),
            .relation(UnitRelation(id: "relation:battalion-brigade", unit: "unit:battalion", related: "unit:brigade", kind: .childOf, range: always)),
            .relation(UnitRelation(id: "relation:brigade-battalion", unit: "unit:brigade", related: "unit:battalion", kind: .childOf, range: always)),
            .relation(UnitRelation(id: "relation:company-task-force", unit: "unit:company", related: "unit:task-force", kind: .memberOf, range: always)),
            .person(Person(id: "person:x", name: "Xavier <X> & Co")),
            .person(Person(id: "person:staff", name: "Staff Chief")),
            .posting(Posting(id: "posting:x", person: "person:x", unit: "unit:task-force", role: .commander, range: always)),
            .posting(Posting(id: "posting:staff", person: "person:staff", unit: "unit:battalion", role: .chiefOfStaff, range: always)),
        ]
        for id in ["relation:company-battalion", "relation:battalion-brigade", "relation:brigade-battalion", "relation:company-task-force",
                   "posting:x", "posting:staff"] {
            records.append(.claim(Claim(id: "claim:\(id)", subject: id, citations: [Citation(source: source.id)])))
        }
        let all = records
        _ = try await store.importRecords { sink in for record in all { try sink.add(record) } }
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger())
        try await app.test(.router) { client in
            let html = try await client.get("/units/unit:company?date=2023-01-09").text
            #expect(!html.contains("<A&B>") && !html.contains("<X>"), "names are escaped in the page and in the inline chart")
            #expect(html.contains("Company &lt;A&amp;B&gt;"))
            #expect(html.contains("<strong>Cycle:</strong> the relations form a cycle (Battalion → Brigade → Battalion); the chain stops there."))
            #expect(html.contains("<h4>Member chains (task forces, joint commands)</h4>"))
            let member = String(html.section(from: "<table class=\"chain member\">", to: "</table>"))
            #expect(member.contains("is a member of Task Force (definite)"))
            #expect(member.contains(">Xavier &lt;X&gt; &amp; Co</a> <span class=\"presence definite\">definite</span>"))
            #expect(!member.contains("Cycle"), "the member chain has no cycle of its own")
            let main = String(html.section(from: "<table class=\"chain\">", to: "</table>"))
            #expect(!main.contains("Staff Chief"), "a chief of staff is not a holder of the command post")
            let svg = try await client.get("/units/unit:company/chart.svg?date=2023-01-09").text
            #expect(svg.contains(">Xavier &lt;X&gt; &amp; Co</text>"))
            #expect(svg.contains("Cycle in the relations: Battalion → Brigade → Battalion"))
        }
    }
}
