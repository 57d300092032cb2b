import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightStore
@testable import OversightWeb
import Testing

/// Bundle v2 records through the editing forms, the record pages and the JSON API, over HTTP, on the Peru demo.
@Suite struct V2CurationWebTests {
    static let form = CurationWebTests.form
    static let citation = CurationWebTests.citation

    static let coalition = "coalition:test-coalition-in-yemen"
    static let coalitionFields: [(String, String)] = [
        ("name", "Test coalition in Yemen"), ("members", "SA, lead\nAE, 0.5"),
        ("range.start", "2015-03-26"), ("range.startIsReal", "on"), ("range.end", "2022-04"), ("description", "A test coalition."),
    ]

    /// Every new kind: its form type, the inputs of a valid record, the id the form makes, and a text its page shows.
    static let newKinds: [(type: String, fields: [(String, String)], id: String, shows: String)] = [
        ("coalition", coalitionFields, coalition, "Test coalition in Yemen"),
        ("item-use", [("title", "Canadian LAV seen in Najran"), ("state", "SA"), ("range.start", "2019-02"), ("range.end", "2019-02"),
                      ("controlEntry", "2-6"), ("goods", "light armoured vehicles"), ("originState", "CA"), ("maker", "GDLS-C")],
         "item-use:canadian-lav-seen-in-najran", "light armoured vehicles"),
        ("diversion", [("title", "Rifles found with a militia"), ("recipient", "AE"), ("kind", "diverted"), ("range.start", "2019"),
                       ("range.end", "2019"), ("goods", "assault rifles"), ("foundWith", "a militia"), ("foundIn", "YE")],
         "diversion:rifles-found-with-a-militia", "a militia"),
        ("assurance", [("title", "End-use certificate for the LAV contract"), ("recipient", "SA"), ("exporter", "CA"), ("kind", "end-use"),
                       ("range.start", "2014-02"), ("breached", "yes")],
         "assurance:end-use-certificate-for-the-lav-contract", "End-use certificate for the LAV contract"),
    ]

    /// Saves a record's edit form as the page fills it (plus a citation) and checks that the record is unchanged.
    static func resubmitUnchanged(_ client: any TestClientProtocol, _ store: any DatabaseStore, type: String, id: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try Record(entity: try #require(try await store.entity(id: id), "\(id)", sourceLocation: sourceLocation)).canonicalJSON()
        let page = try await client.get("/edit/\(type)/\(id)")
        #expect(page.status == .ok, "\(id)", sourceLocation: sourceLocation)
        var inputs = HTMLForm.inputs(page.text, action: "/edit/\(type)")
        #expect(inputs["original"] == id, sourceLocation: sourceLocation)
        for (name, value) in citation { inputs[name] = value }
        let saved = try await client.submit("/edit/\(type)", form(inputs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        #expect(saved.status == .seeOther, "\(id): \(saved.text.section(from: "Nothing was saved:", to: "</div>"))", sourceLocation: sourceLocation)
        let after = try Record(entity: try #require(try await store.entity(id: id), sourceLocation: sourceLocation)).canonicalJSON()
        #expect(after == before, "\(id)", sourceLocation: sourceLocation)
        #expect(try await store.claims(about: id, asOf: nil).count >= 2, "\(id): the edit's claim was saved", sourceLocation: sourceLocation)
    }

    @Test func eachNewKindIsRefusedWithoutACitationAndSavedWithOne() async throws {
        try await CurationWebTests.test { client, store in
            for kind in Self.newKinds {
                let blank = try await client.get("/edit/\(kind.type)/new")
                #expect(blank.status == .ok, "\(kind.type)")
                #expect(blank.text.contains("action=\"/edit/\(kind.type)\""), "\(kind.type)")
                #expect(blank.text.contains("name=\"claim.source\""), "\(kind.type): the form asks for a citation")

                let refused = try await client.submit("/edit/\(kind.type)", Self.form(kind.fields + [("claim.status", "accepted")]))
                #expect(refused.status == .badRequest, "\(kind.type)")
                #expect(refused.text.contains("Cited source id is required"), "\(kind.type)")
                #expect(try await store.entity(id: kind.id) == nil, "\(kind.type): nothing saved without a citation")

                let saved = try await client.submit("/edit/\(kind.type)", Self.form(kind.fields + Self.citation))
                #expect(saved.status == .seeOther, "\(kind.type): \(saved.text)")
                #expect(saved.headers[.location] == "/entities/\(kind.id)", "\(kind.type)")
                let entity = try #require(try await store.entity(id: kind.id), "\(kind.type)")
                #expect(type(of: entity).kind.rawValue == kind.type)
                let claims = try await store.claims(about: kind.id, asOf: nil)
                #expect(claims.map { $0.claim.citations.map(\.source) } == [[Demo.hrw]], "\(kind.type)")

                // The record page: its fields, its claim and citation, the links to edit it and its history.
                let page = try await client.get("/entities/\(kind.id)")
                #expect(page.status == .ok, "\(kind.type)")
                #expect(page.text.contains(kind.shows), "\(kind.type)")
                #expect(page.text.contains("\(kind.type) <code>\(kind.id)</code>"), "\(kind.type)")
                #expect(page.text.contains(claims[0].claim.id), "\(kind.type): the claim is listed")
                #expect(page.text.contains(Demo.hrwTitle), "\(kind.type): the citation's source is shown")
                #expect(page.text.contains("href=\"/edit/\(kind.type)/\(kind.id)\""), "\(kind.type)")

                // The API serves it with its claims.
                let api = try await client.get("/api/v1/entities/\(kind.id)")
                #expect(api.status == .ok, "\(kind.type)")
                let document = try api.decode(EntityBody.self)
                #expect(document.kind == kind.type)
                #expect(document.entity == Record(entity: entity))
                #expect(document.claims.map(\.claim.id) == claims.map(\.claim.id))
                #expect(document.claims.first?.sources[Demo.hrw]?.title == Demo.hrwTitle)

                // History and the edit form, filled with the record.
                let history = try await client.get("/history/\(kind.id)")
                #expect(history.status == .ok && history.text.contains("Ana Researcher"), "\(kind.type)")
                let edit = try await client.get("/edit/\(kind.type)/\(kind.id)")
                #expect(edit.status == .ok, "\(kind.type)")
                #expect(edit.text.contains(kind.shows), "\(kind.type)")
                try await Self.resubmitUnchanged(client, store, type: kind.type, id: kind.id)
            }

            let coalition = try #require(try await store.entity(id: Self.coalition) as? Coalition)
            #expect(coalition.members == [Coalition.Member(state: "SA", lead: true), Coalition.Member(state: "AE", weight: 0.5)])
            let coalitionPage = try await client.get("/entities/\(Self.coalition)").text
            #expect(coalitionPage.contains("<dt>members</dt><dd>SA, lead; AE, 0.5</dd>"))
            let coalitionForm = try await client.get("/edit/coalition/\(Self.coalition)").text
            #expect(coalitionForm.contains(">SA, lead\nAE, 0.5</textarea>"), "the members come back one per line")

            // Optional yes/no inputs left empty are omitted; given, they are written.
            let use = try #require(try await store.entity(id: "item-use:canadian-lav-seen-in-najran") as? ItemUse)
            #expect(use.found == nil && use.verified == nil && use.incident == nil)
            let useJSON = try Record.itemUse(use).canonicalJSON()
            #expect(!useJSON.contains("\"found\"") && !useJSON.contains("\"verified\"") && !useJSON.contains("\"\""), "\(useJSON)")
            let diversion = try #require(try await store.entity(id: "diversion:rifles-found-with-a-militia") as? DiversionRecord)
            #expect(diversion.diversionKind == .diverted && diversion.foundIn == "YE" && diversion.controlEntry == nil)
            let assurance = try #require(try await store.entity(id: "assurance:end-use-certificate-for-the-lav-contract") as? Assurance)
            #expect(assurance.assuranceKind == .endUse && assurance.breached == true && assurance.exporter == "CA")

            // The choices of the enumerations are offered.
            let diversionForm = try await client.get("/edit/diversion/new").text
            for kind in DiversionKind.allCases { #expect(diversionForm.contains("<option value=\"\(kind.rawValue)\"")) }
            let assuranceForm = try await client.get("/edit/assurance/new").text
            for kind in AssuranceKind.allCases { #expect(assuranceForm.contains("<option value=\"\(kind.rawValue)\"")) }
        }
    }

    @Test func aBadCoalitionMemberLineIsAFieldErrorNamingTheLine() async throws {
        try await CurationWebTests.test { client, store in
            let cases: [(members: String, message: String)] = [
                ("SA, lead\nSaudi Arabia", "Members, line 2 (&#39;Saudi Arabia&#39;): &#39;Saudi Arabia&#39; is not an ISO 3166 alpha-2 country code"),
                ("SA, lead\nAE, 1.5", "Members, line 2 (&#39;AE, 1.5&#39;): the weight 1.5 is not between 0 and 1"),
                ("QA, half", "Members, line 1 (&#39;QA, half&#39;): &#39;half&#39; is neither a weight between 0 and 1, &#39;lead&#39; nor a unit id"),
                ("SA, lead\nSA, 0.5", "Members, line 2 (&#39;SA, 0.5&#39;): SA is listed twice"),
                ("", "Members is required"),
            ]
            for (members, message) in cases {
                let fields = Self.coalitionFields.filter { $0.0 != "members" } + [("members", members)] + Self.citation
                let response = try await client.submit("/edit/coalition", Self.form(fields))
                #expect(response.status == .badRequest, "\(members)")
                #expect(response.text.section(from: "Nothing was saved:", to: "</div>").contains(message), "\(members): \(response.text.section(from: "Nothing was saved:", to: "</div>"))")
                #expect(response.text.contains("Test coalition in Yemen"), "the inputs are kept")
                #expect(try await store.entity(id: Self.coalition) == nil)
            }
            // A unit id after the state is one of the member's forces.
            let withForces = Self.coalitionFields.filter { $0.0 != "members" } + [("members", "sa, lead, unit:rsaf\nAE")] + Self.citation
            #expect(try await client.submit("/edit/coalition", Self.form(withForces)).status == .badRequest,
                    "unit:rsaf is not a unit of the evidence base: the store refuses the reference")
            let plain = Self.coalitionFields.filter { $0.0 != "members" } + [("members", "sa; AE")] + Self.citation
            #expect(try await client.submit("/edit/coalition", Self.form(plain)).status == .seeOther)
            #expect((try await store.entity(id: Self.coalition) as? Coalition)?.members.map(\.state) == ["SA", "AE"])
        }
    }

    @Test func incidentFindingAndAccountabilityFormsTakeTheV2Fields() async throws {
        try await CurationWebTests.test { client, store in
            #expect(try await client.submit("/edit/coalition", Self.form(Self.coalitionFields + Self.citation)).status == .seeOther)
            let incidentForm = try await client.get("/edit/incident/new").text
            for force in EndUser.forces { #expect(incidentForm.contains("name=\"forces[\(force)]\""), "\(force)") }
            #expect(incidentForm.contains("name=\"responsibleState\"") && incidentForm.contains("name=\"coalition\""))

            let incident: [(String, String)] = [
                ("title", "Air strike on a market in Saada"), ("country", "YE"), ("range.start", "2019-03-10"), ("range.end", "2019-03-10"),
                ("violations", "ihl-attack"), ("killed", "12"), ("responsibleState", "SA"), ("coalition", Self.coalition),
                ("forces[air-force]", "on"), ("forces[navy]", "on"),
            ]
            let saved = try await client.submit("/edit/incident", Self.form(incident + Self.citation))
            #expect(saved.status == .seeOther, "\(saved.text)")
            let id = "incident:air-strike-on-a-market-in-saada"
            let stored = try #require(try await store.entity(id: id) as? Incident)
            #expect(stored.responsibleState == "SA" && stored.coalition == Self.coalition)
            #expect(stored.forces == ["navy", "air-force"], "in the order of the choices")
            #expect(stored.stateForces == false, "the box was not ticked")
            let page = try await client.get("/incidents/\(id)").text
            #expect(page.contains("<dt>Responsible state</dt><dd class=\"responsible-state\">Saudi Arabia (SA)</dd>"))
            #expect(page.contains("<dt>Coalition</dt><dd class=\"coalition\"><a href=\"/entities/\(Self.coalition)\">Test coalition in Yemen</a></dd>"))
            #expect(page.section(from: "<dd class=\"forces\">", to: "</dd>").contains("<li>air-force</li>"))
            let edit = try await client.get("/edit/incident/\(id)").text
            #expect(edit.contains("name=\"forces[air-force]\" checked") && edit.contains("name=\"forces[navy]\" checked"))
            #expect(!edit.contains("name=\"forces[army]\" checked"))
            // The coalition's page lists the incident that refers to it.
            #expect(try await client.get("/entities/\(Self.coalition)").text.contains("incident (as coalition)"))

            let finding: [(String, String)] = [
                ("body", "OHCHR"), ("title", "OHCHR: a pattern of unlawful strikes"), ("country", "YE"), ("range.start", "2019"),
                ("range.end", "2019"), ("categories", "war-crimes"), ("bodyKind", "ohchr"), ("strength", "pattern"),
                ("states", "SA; AE"), ("coalition", Self.coalition), ("incidents", id), ("incidentCount", "40"), ("forces[air-force]", "on"),
            ]
            #expect(try await client.submit("/edit/finding", Self.form(finding + Self.citation)).status == .seeOther)
            let findingID = "finding:ohchr-a-pattern-of-unlawful-strikes"
            let storedFinding = try #require(try await store.entity(id: findingID) as? Finding)
            #expect(storedFinding.bodyKind == .ohchr && storedFinding.strength == .pattern && storedFinding.states == ["SA", "AE"])
            #expect(storedFinding.incidentCount == 40 && storedFinding.killed == nil && storedFinding.forces == ["air-force"])
            let findingPage = try await client.get("/entities/\(findingID)").text
            #expect(findingPage.contains("<dt>bodyKind</dt><dd>ohchr</dd>"))
            #expect(findingPage.contains("<dt>strength</dt><dd>pattern</dd>"))
            #expect(try await client.get("/incidents/\(id)").text.contains("OHCHR (ohchr, pattern)"), "the incident's findings show kind and strength")
            // The demo's IACHR finding states its kind and strength.
            let iachr = try await client.get("/entities/finding:iachr-juliaca-2023-05").text
            #expect(iachr.contains("<dt>strength</dt><dd>established</dd>"))
            #expect(iachr.contains("<dt>bodyKind</dt><dd>regional</dd>"))
            let findingForm = try await client.get("/edit/finding/new").text
            for kind in FindingBodyKind.allCases { #expect(findingForm.contains("<option value=\"\(kind.rawValue)\">"), "\(kind)") }
            for strength in FindingStrength.allCases { #expect(findingForm.contains("<option value=\"\(strength.rawValue)\">"), "\(strength)") }

            let event: [(String, String)] = [
                ("eventType", "investigation-opened"), ("title", "Joint Incidents Assessment Team review"), ("range.start", "2019-06"),
                ("authority", "JIAT"), ("incidents", id), ("credible", "false"), ("state", "SA"),
            ]
            let savedEvent = try await client.submit("/edit/accountability", Self.form(event + Self.citation))
            #expect(savedEvent.status == .seeOther, "\(savedEvent.text)")
            let storedEvent = try #require(try await store.entity(id: "accountability:joint-incidents-assessment-team-review") as? AccountabilityEvent)
            #expect(storedEvent.credible == false && storedEvent.state == "SA")
            let eventForm = try await client.get("/edit/accountability/\(storedEvent.id)").text
            #expect(eventForm.section(from: "name=\"credible\"", to: "</select>").contains("<option value=\"false\" selected>no</option>"))

            // Edited without a change, the v2 records keep their JSON.
            try await Self.resubmitUnchanged(client, store, type: "incident", id: id)
            try await Self.resubmitUnchanged(client, store, type: "finding", id: findingID)
            try await Self.resubmitUnchanged(client, store, type: "accountability", id: storedEvent.id)
        }
    }

    @Test func v1RecordsEditedWithoutTouchingTheV2FieldsKeepTheirJSON() async throws {
        try await CurationWebTests.test { client, store in
            for (type, id) in [("incident", Demo.juliaca), ("finding", "finding:iachr-ayacucho-2023-05"),
                               ("accountability", "accountability:ag-preliminary-investigation-2023-01-10")] {
                try await Self.resubmitUnchanged(client, store, type: type, id: id)
            }
        }
    }
}

/// What a browser sends for a form of a page: its text inputs, ticked check boxes, text areas and selected options.
enum HTMLForm {
    static func inputs(_ html: String, action: String) -> [String: String] {
        let form = String(html.section(from: "<form method=\"post\" action=\"\(action)\"", to: "</form>"))
        var fields: [String: String] = [:]
        func attribute(_ name: String, in tag: String) -> String? {
            guard let range = tag.range(of: " \(name)=\"") else { return nil }
            let rest = tag[range.upperBound...]
            return rest.firstIndex(of: "\"").map { unescape(String(rest[..<$0])) }
        }
        for match in form.matches(of: /<input [^>]*>/) {
            let tag = String(match.output)
            guard let name = attribute("name", in: tag) else { continue }
            if tag.contains("type=\"checkbox\"") {
                if tag.contains(" checked") { fields[name] = "on" }
            } else {
                fields[name] = attribute("value", in: tag) ?? ""
            }
        }
        for match in form.matches(of: /<textarea [^>]*name="([^"]*)"[^>]*>([^<]*)<\/textarea>/) {
            fields[String(match.output.1)] = unescape(String(match.output.2))
        }
        for match in form.matches(of: /<select [^>]*name="([^"]*)">(.*?)<\/select>/) {
            let options = String(match.output.2)
            let selected = options.firstMatch(of: /<option value="([^"]*)" selected>/)?.output.1
            fields[String(match.output.1)] = unescape(String(selected ?? options.firstMatch(of: /<option value="([^"]*)"/)?.output.1 ?? ""))
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// A finding that leaves its kind and strength to the defaults shows the ones in force.
struct RecordFieldsDefaultsTests {
    @Test func aFindingWithoutKindOrStrengthShowsTheDefaultsInForce() throws {
        let finding = Finding(id: "finding:v1", body: "IACHR", title: "v1 finding", country: "PE",
                              range: DateRange(start: PartialDate("2023")), categories: ["massacre"], determination: true)
        let rows = try RecordFields.rows(.finding(finding))
        #expect(rows.contains { $0.field == "bodyKind" && $0.value == "credible-ngo (not stated: the default)" })
        #expect(rows.contains { $0.field == "strength" && $0.value == "determination (not stated: from determination)" })
        var stated = finding
        stated.bodyKind = .regional
        #expect(try RecordFields.rows(.finding(stated)).contains { $0.field == "bodyKind" && $0.value == "regional" })
    }
}
