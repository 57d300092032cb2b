import Foundation
import HummingbirdTesting
import OversightCore
import Testing

/// The shapes the API promises, decoded as a client would.
struct EntityBody: Decodable {
    struct ClaimEntry: Decodable {
        var claim: Claim
        var publicFrom: String?
        var sources: [String: Source]
    }

    struct RelatedEntry: Decodable {
        var direction: String
        var role: String
        var kind: String
        var id: String
        var name: String
        var entity: Record
    }

    var kind: String
    var entity: Record
    var claims: [ClaimEntry]
    var related: [RelatedEntry]
    var asOf: String?
}

struct IncidentListBody: Decodable {
    var count: Int
    var incidents: [Record]
}

struct ErrorBody: Decodable {
    struct Detail: Decodable { var message: String }
    var error: Detail
}

@Suite struct APITests {
    @Test func statsHasTheCLIKeysAndTheBundleCounts() async throws {
        let expected = try DemoApp.expectedCounts()
        try await DemoApp.test { client in
            let response = try await client.get("/api/v1/stats")
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("application/json"))
            let stats = try response.decode([String: Int].self)
            #expect(Set(stats.keys) == ["sources", "claims", "units", "persons", "locations", "postings", "relations", "incidents",
                                        "knowledgeEvents", "accountabilityEvents", "findings", "exports", "permits",
                                        "coalitions", "itemUses", "diversions", "assurances",
                                        "candidateIncidents", "candidatesPending", "candidatesConfirmed", "candidatesMerged", "candidatesRejected"])
            for (key, count) in expected { #expect(stats[key] == count, "\(key)") }
            #expect(response.text.hasPrefix("{\"accountabilityEvents\":"), "sorted keys")

            let earlier = try await client.get("/api/v1/stats?asOf=\(Demo.permitDay)").decode([String: Int].self)
            #expect(earlier["claims"]! < stats["claims"]!)
            #expect(earlier["units"] == stats["units"], "identities are always known")
        }
    }

    @Test func incidentListFiltersAndLimits() async throws {
        try await DemoApp.test { client in
            let all = try await client.get("/api/v1/incidents").decode(IncidentListBody.self)
            #expect(all.incidents.map(\.id).contains(Demo.juliaca))
            #expect(all.count == all.incidents.count)
            #expect(all.incidents.allSatisfy { $0.typeName == "incident" })

            let before = try await client.get("/api/v1/incidents?to=2022-12-31").decode(IncidentListBody.self)
            #expect(!before.incidents.map(\.id).contains(Demo.juliaca))
            #expect(before.incidents.map(\.id).contains(Demo.ayacucho))

            let two = try await client.get("/api/v1/incidents?limit=2").decode(IncidentListBody.self)
            #expect(two.count == 2)

            let known = try await client.get("/api/v1/incidents?asOf=\(Demo.permitDay)").decode(IncidentListBody.self)
            guard case .incident(let juliaca)? = known.incidents.first(where: { $0.id == Demo.juliaca }) else {
                Issue.record("Juliaca missing as of \(Demo.permitDay)")
                return
            }
            #expect(juliaca.killed == 17, "the count known on the day")

            let tooMany = try await client.get("/api/v1/incidents?limit=501")
            #expect(tooMany.status == .badRequest)
            #expect(try tooMany.decode(ErrorBody.self).error.message.contains("from 1 to 500"))
        }
    }

    @Test func incidentDocumentHasClaimsSourcesAndRelatedRecords() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/api/v1/incidents/\(Demo.juliaca)")
            #expect(response.status == .ok)
            let body = try response.decode(EntityBody.self)
            #expect(body.kind == "incident")
            #expect(body.entity.id == Demo.juliaca)
            let ids = body.claims.map(\.claim.id)
            #expect(ids.contains(Demo.killedAFP) && ids.contains(Demo.killedHRW))
            let hrw = try #require(body.claims.first { $0.claim.id == Demo.killedHRW })
            #expect(hrw.publicFrom == "2023-04-26")
            #expect(hrw.claim.status == .contested)
            #expect(hrw.sources[Demo.hrw]?.title == Demo.hrwTitle)
            #expect(body.related.contains { $0.id == Demo.juliacaStation && $0.role == "perpetrator-unit" && $0.direction == "references" })

            let earlier = try await client.get("/api/v1/incidents/\(Demo.juliaca)?asOf=\(Demo.permitDay)").decode(EntityBody.self)
            #expect(earlier.asOf == Demo.permitDay)
            #expect(!earlier.claims.map(\.claim.id).contains(Demo.killedHRW))
            #expect(earlier.claims.allSatisfy { $0.sources[Demo.hrw] == nil && !$0.claim.citations.contains { $0.source == Demo.hrw } })
            guard case .incident(let incident) = earlier.entity else { Issue.record("not an incident"); return }
            #expect(incident.killed == 17)
        }
    }

    @Test func unitPersonSourceAndAnyEntityDocuments() async throws {
        try await DemoApp.test { client in
            let unit = try await client.get("/api/v1/units/\(Demo.juliacaStation)").decode(EntityBody.self)
            #expect(unit.kind == "unit")
            #expect(unit.related.contains { $0.kind == "relation" && $0.role == "unit" && $0.direction == "referencedBy" })
            #expect(unit.related.contains { $0.id == Demo.juliaca })

            let person = try await client.get("/api/v1/persons/\(Demo.rojas)").decode(EntityBody.self)
            #expect(person.kind == "person")
            #expect(person.related.contains { $0.id == Demo.rojasPosting })

            let source = try await client.get("/api/v1/sources/\(Demo.afp)").decode(EntityBody.self)
            #expect(source.kind == "source")
            guard case .source(let afp) = source.entity else { Issue.record("not a source"); return }
            #expect(afp.title == Demo.afpTitle)
            #expect(source.claims.map(\.claim.id).contains(Demo.killedAFP))
            #expect(source.related.contains { $0.id == Demo.juliaca && $0.role == "claim-subject" })

            let posting = try await client.get("/api/v1/entities/\(Demo.rojasPosting)").decode(EntityBody.self)
            #expect(posting.kind == "posting")
            #expect(posting.related.contains { $0.id == Demo.rojas && $0.role == "person" })

            let wrongKind = try await client.get("/api/v1/units/\(Demo.juliaca)")
            #expect(wrongKind.status == .notFound)
            let wrongKindMessage = try wrongKind.decode(ErrorBody.self).error.message
            #expect(wrongKindMessage.contains("is an incident, not a unit"), "\(wrongKindMessage)")
        }
    }

    @Test func healthz() async throws {
        try await DemoApp.test { client in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.text == "ok")
        }
    }
}
