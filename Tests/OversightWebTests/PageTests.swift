import Foundation
import HummingbirdTesting
import OversightCore
import Testing

@Suite struct PageTests {
    @Test func homeExplainsTheThreeQuestionsAndCountsTheEvidence() async throws {
        let counts = try DemoApp.expectedCounts()
        try await DemoApp.test { client in
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("text/html"))
            let html = response.text
            #expect(html.contains("Should this permit be granted?"))
            #expect(html.contains("Who called the shots?"))
            #expect(html.contains("What was exported, where, and was the risk known at the time?"))
            #expect(html.contains("<main"))
            #expect(html.contains("<nav"))
            for (label, key) in [("sources", "sources"), ("claims", "claims"), ("incidents", "incidents"), ("units", "units"), ("postings", "postings")] {
                #expect(html.contains("<th scope=\"row\">\(label)</th><td class=\"num\">\(counts[key]!)</td>"), "count of \(label)")
            }
            let recent = html.section(from: "Recent incidents", to: "All incidents")
            #expect(recent.contains("/incidents/\(Demo.juliaca)"))
            #expect(recent.occurrences(of: "<tr><td>") == min(10, counts["incidents"]!))
        }
    }

    @Test func incidentListFiltersByPeriodAndCountry() async throws {
        try await DemoApp.test { client in
            let all = try await client.get("/incidents").text
            #expect(all.contains("/incidents/\(Demo.juliaca)"))
            #expect(all.contains("Killings near Inca Manco Cápac airport, Juliaca"))
            #expect(all.contains("2023-01-09"))

            let before = try await client.get("/incidents?to=2022-12-31").text
            #expect(!before.contains("/incidents/\(Demo.juliaca)"))
            #expect(before.contains("/incidents/\(Demo.ayacucho)"))
            #expect(before.contains("value=\"2022-12-31\""), "the form keeps the filter")

            let peru = try await client.get("/incidents?country=pe&from=2023-01-01").text
            #expect(peru.contains("/incidents/\(Demo.juliaca)"))
            #expect(!peru.contains("/incidents/\(Demo.ayacucho)"))

            let elsewhere = try await client.get("/incidents?country=CO").text
            #expect(!elsewhere.contains("/incidents/incident:"))
            #expect(elsewhere.contains("No incidents"))
        }
    }

    @Test func incidentPageShowsContestedCountsSideBySideWithCitations() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/incidents/\(Demo.juliaca)")
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains("<h1>Killings near Inca Manco Cápac airport, Juliaca</h1>"))
            #expect(html.contains("2023-01-09"))
            #expect(html.contains("unlawful-killing"))
            #expect(html.contains("href=\"/units/\(Demo.juliacaStation)\""), "perpetrator unit linked")
            // Both counts in one row of the competing-values table, marked contested.
            let competing = html.section(from: "<table class=\"competing\">", to: "</table>")
            let killedRow = String(competing).section(from: "<th scope=\"row\">killed</th>", to: "</tr>")
            #expect(killedRow.contains("<span class=\"value\">17</span>"))
            #expect(killedRow.contains("<span class=\"value\">18</span>"))
            #expect(killedRow.contains("vs"))
            #expect(competing.contains("<tr class=\"contested\">"))
            // Each contested claim is marked in the claim list too.
            #expect(html.contains("id=\"\(Demo.killedAFP)\""))
            #expect(html.contains("class=\"claim status-contested contested\" id=\"\(Demo.killedHRW)\""))
            #expect(html.contains("<strong class=\"badge contested\">Contested</strong>"))
            // Citations name their source, linked to its page, with publisher and date.
            #expect(html.contains("<a href=\"/sources/\(Demo.hrw)\">\(Demo.hrwTitle)</a>"))
            #expect(html.contains("<a href=\"/sources/\(Demo.afp)\">\(Demo.afpTitle)</a></cite>, AFP, <time>2023-01-09</time>"))
            #expect(html.contains("Public from</dt><dd>2023-04-26"))
            #expect(html.contains("<blockquote>The Ombudsman counts 17 dead near Juliaca airport.</blockquote>"))
            // Data is HTML-escaped.
            #expect(html.contains("Note: &#39;More than 30&#39;: 30 is a lower bound."))
        }
    }

    @Test func asOfHidesClaimsPublishedLater() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/incidents/\(Demo.juliaca)?asOf=\(Demo.permitDay)").text
            #expect(html.contains("As known on <time datetime=\"\(Demo.permitDay)\">\(Demo.permitDay)</time>"))
            #expect(html.contains("id=\"\(Demo.killedAFP)\""))
            #expect(!html.contains("id=\"\(Demo.killedHRW)\""))
            #expect(!html.contains(Demo.hrwTitle), "no citation of a report published later")
            #expect(!html.contains("<table class=\"competing\">"), "only one value known then")
            #expect(html.contains("<dt>Killed</dt><dd>17</dd>"))
            #expect(html.contains("href=\"/units/\(Demo.juliacaStation)?asOf=\(Demo.permitDay)\""), "links keep the date")

            let today = try await client.get("/incidents/\(Demo.juliaca)").text
            #expect(today.contains("<dt>Killed</dt><dd>18</dd>"))
            #expect(!today.contains("As known on <time"))

            let before = try await client.get("/incidents/\(Demo.juliaca)?asOf=2023-01-08")
            #expect(before.status == .notFound)
            #expect(before.text.contains("was not known on 2023-01-08"))

            let list = try await client.get("/incidents?asOf=2022-12-31").text
            #expect(!list.contains("/incidents/\(Demo.juliaca)"))
            #expect(list.contains("/incidents/\(Demo.ayacucho)?asOf=2022-12-31"))
        }
    }

    @Test func unitPageListsParentPostingsAndIncidents() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/units/\(Demo.juliacaStation)").text
            #expect(html.contains("<h1>Comisaría Sectorial Juliaca</h1>"))
            #expect(html.contains("Juliaca sector station"), "aliases")
            let above = html.section(from: "Above this unit", to: "Under this unit")
            #expect(above.contains("<a href=\"/units/\(Demo.punoRegion)\">Región Policial Puno</a>"))
            #expect(above.contains("child-of"))
            #expect(above.contains("from 2022-12-07 (first cited) to 2023-03 (last cited)"))
            let incidents = html.section(from: "Incidents with this unit as a perpetrator", to: "</section>")
            #expect(incidents.contains("/incidents/\(Demo.juliaca)"))

            let region = try await client.get("/units/\(Demo.punoRegion)").text
            let below = region.section(from: "Under this unit", to: "</section>")
            #expect(below.contains("<a href=\"/units/\(Demo.juliacaStation)\">Comisaría Sectorial Juliaca</a>"))
            let postings = region.section(from: "<h2 id=\"postings-heading\">", to: "</section>")
            #expect(postings.contains("Chief, Región Policial Puno"))
            #expect(postings.contains("(imprecise)"), "the ex-chief's posting is an imprecise range")
        }
    }

    @Test func contestedPostingsAreMarkedOnTheUnitPage() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/units/unit:army").text
            let postings = html.section(from: "<h2 id=\"postings-heading\">", to: "</section>")
            for person in ["person:walter-cordova-aleman", "person:david-ojeda-parra"] {
                #expect(postings.contains("<tr class=\"contested\"><td><a href=\"/persons/\(person)\">"), "\(person)")
            }
            #expect(postings.occurrences(of: "<strong class=\"badge contested\">Contested</strong>") == 2)
        }
    }

    @Test func personPageListsPostingsAndEvents() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/persons/\(Demo.rojas)").text
            #expect(html.contains("<h1>Víctor Rojas Herrera</h1>"))
            let postings = html.section(from: "<h2 id=\"postings-heading\">", to: "</section>")
            #expect(postings.contains("<a href=\"/units/\(Demo.interiorMinistry)\">Ministerio del Interior</a>"))
            #expect(postings.contains("Minister of the Interior"))
            #expect(postings.contains("from 2022-12-21 to 2023-01-13"))
            #expect(postings.contains("href=\"/entities/\(Demo.rojasPosting)\""))
            let accountability = html.section(from: "<h2 id=\"accountability-heading\">", to: "</section>")
            #expect(accountability.contains("/entities/accountability:"))

            // The posting's only source was published on 13 Jan 2023.
            let earlier = try await client.get("/persons/\(Demo.rojas)?asOf=2023-01-12").text
            let earlierPostings = earlier.section(from: "<h2 id=\"postings-heading\">", to: "</section>")
            #expect(!earlierPostings.contains("Minister of the Interior"))
            #expect(earlierPostings.contains("No postings recorded as known on 2023-01-12"))
        }
    }

    @Test func sourcePageListsEveryCitingClaimWithItsSubject() async throws {
        let citing = try DemoApp.records().compactMap { record -> Claim? in
            if case .claim(let claim) = record, claim.citations.contains(where: { $0.source == Demo.afp }) { return claim }
            return nil
        }
        try await DemoApp.test { client in
            let html = try await client.get("/sources/\(Demo.afp)").text
            #expect(html.contains("<h1><cite>\(Demo.afpTitle)</cite></h1>"))
            #expect(html.contains("<dt>Publisher</dt><dd>AFP</dd>"))
            #expect(html.occurrences(of: "<li class=\"claim ") == citing.count)
            for claim in citing { #expect(html.contains("id=\"\(claim.id)\"")) }
            #expect(html.contains("<a href=\"/incidents/\(Demo.juliaca)\">Killings near Inca Manco Cápac airport, Juliaca</a> (incident): <strong>killed = 17</strong>"))

            let hrwBefore = try await client.get("/sources/\(Demo.hrw)?asOf=\(Demo.permitDay)")
            #expect(hrwBefore.status == .notFound)
            #expect(hrwBefore.text.contains("published on 2023-04-26"))
        }
    }

    @Test func genericRecordPageShowsFieldsLinksAndClaims() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/entities/\(Demo.rojasPosting)").text
            #expect(html.contains("posting <code>\(Demo.rojasPosting)</code>"))
            #expect(html.contains("<dt>Dates</dt><dd>from 2022-12-21 to 2023-01-13</dd>"))
            #expect(html.contains("<dt>role</dt><dd>minister</dd>"))
            #expect(html.contains("person: <a href=\"/persons/\(Demo.rojas)\">Víctor Rojas Herrera</a>"))
            #expect(html.contains("id=\"claim:posting-rojas-mininter\""))

            let relation = try await client.get("/entities/relation:comisaria-juliaca-child-of-region-puno").text
            #expect(relation.contains("<h1>Comisaría Sectorial Juliaca child-of Región Policial Puno</h1>"))
            #expect(relation.contains("<dt>Dates</dt><dd>from 2022-12-07 (first cited) to 2023-03 (last cited)</dd>"))

            let redirect = try await client.get("/entities/\(Demo.juliacaStation)?asOf=\(Demo.permitDay)")
            #expect(redirect.status == .found)
            #expect(redirect.headers[.location] == "/units/\(Demo.juliacaStation)?asOf=\(Demo.permitDay)")
        }
    }

    @Test func percentEncodedIdsWork() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/units/unit%3Apnp-comisaria-juliaca")
            #expect(response.status == .ok)
            #expect(response.text.contains("<h1>Comisaría Sectorial Juliaca</h1>"))
        }
    }
}
