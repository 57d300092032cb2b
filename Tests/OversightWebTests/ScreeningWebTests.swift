import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OversightCore
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The screening page and `POST /api/v1/screen`, over a SQLite store with a small list.
@Suite struct ScreeningWebTests {
    static let entries: [ListEntry] = [
        ListEntry(list: "un-sc", id: "6908555", schema: .person, names: [ListName("RI WON HO")],
                  birthDates: [.exact(PartialDate("1964-07-17")!)], countries: ["KP"],
                  identifiers: [PartyIdentifier(type: "Passport", number: "381310014")], listedOn: PartialDate("2016-11-30"),
                  reference: "KPi.033", program: "DPRK"),
        ListEntry(list: "un-sc", id: "6908493", schema: .person, names: [ListName("SHAMIL MAGOMEDOVICH ISMAILOV")],
                  originalScriptNames: ["Шамиль Магомедович Измайлов"], countries: ["RU"], program: "Al-Qaida"),
    ]

    static func list(count: Int) -> ScreeningList {
        ScreeningList(id: "un-sc", title: "UN Security Council Consolidated List", format: "un-sc-xml", source: "test",
                      version: "2020-11-30", importedAt: Date(timeIntervalSince1970: 1_700_000_000), entryCount: count)
    }

    /// Runs `test` against an app whose store holds `entries` (none: no list loaded).
    static func withApp(_ entries: [ListEntry] = ScreeningWebTests.entries,
                        _ test: @Sendable (SQLiteStore, any TestClientProtocol) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-screening-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("screening.sqlite").path)
        if !entries.isEmpty { _ = try await store.replaceList(list(count: entries.count), entries: entries) }
        var logger = Logger(label: "screening-web-tests")
        logger.logLevel = .critical
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: logger)
        try await app.test(.router) { client in try await test(store, client) }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, body: String, type: String) async throws -> TestResponse {
        try await client.executeRequest(uri: uri, method: .post, headers: [.contentType: type], body: ByteBuffer(string: body))
    }

    @Test func thePageHasALabelledForm() async throws {
        try await Self.withApp { _, client in
            let response = try await client.executeRequest(uri: "/screening", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            for field in ["name", "dob", "country", "schema", "gender", "identifier", "threshold"] {
                #expect(html.contains("<label for=\"\(field)\""), "label for \(field)")
                #expect(html.contains("id=\"\(field)\""), "field \(field)")
            }
            #expect(html.contains("method=\"post\" action=\"/screening\""))
            #expect(html.contains("UN Security Council Consolidated List (un-sc, 2 entries, version 2020-11-30)"))
            #expect(!html.contains("Results"))
        }
    }

    @Test func postingTheFormShowsHitsWithTheirExplanations() async throws {
        try await Self.withApp { _, client in
            let response = try await Self.post(client, "/screening", body: "name=Ri+Won+Hoo&dob=1964-07-17&country=KP&schema=&gender=&identifier=&threshold=",
                                               type: "application/x-www-form-urlencoded")
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("RI WON HO <small>(un-sc:6908555)</small>"))
            #expect(html.contains("<th scope=\"row\">name</th>"))
            #expect(html.contains("<th scope=\"row\">date-of-birth</th><td class=\"num\">+0.15</td><td>same date of birth"))
            #expect(html.contains("hoo ~ ho"))
            #expect(html.contains("value=\"Ri Won Hoo\""), "the form keeps what was entered")
        }
    }

    @Test func theQueryStringScreensToo() async throws {
        try await Self.withApp { _, client in
            let response = try await client.executeRequest(uri: "/screening?name=%D0%A8%D0%B0%D0%BC%D0%B8%D0%BB%D1%8C%20%D0%98%D0%B7%D0%BC%D0%B0%D0%B9%D0%BB%D0%BE%D0%B2", method: .get, headers: [:], body: nil)
            let html = String(buffer: response.body)
            #expect(html.contains("SHAMIL MAGOMEDOVICH ISMAILOV"))
            #expect(html.contains("original-script name"))
        }
    }

    @Test func badInputIsListedAndEscaped() async throws {
        try await Self.withApp { _, client in
            let response = try await Self.post(client, "/screening", body: "name=%3Cscript%3Ex%3C%2Fscript%3E&dob=17.07.1964&country=Narnia",
                                               type: "application/x-www-form-urlencoded")
            #expect(response.status == .badRequest)
            let html = String(buffer: response.body)
            #expect(html.contains("date of birth &#39;17.07.1964&#39; is not a date"))
            #expect(html.contains("country"))
            #expect(!html.contains("<script>x</script>"))
            #expect(html.contains("value=\"&lt;script&gt;x&lt;/script&gt;\""))
        }
    }

    @Test func theAPIAnswersWithScoresAndExplanations() async throws {
        try await Self.withApp { _, client in
            let response = try await Self.post(client, "/api/v1/screen",
                                               body: #"{"name": "Ri Won Ho", "dateOfBirth": "1964", "countries": ["KP"], "identifiers": ["381 310 014"]}"#,
                                               type: "application/json")
            #expect(response.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as! [String: Any]
            #expect(body["threshold"] as? Double == 0.7)
            let hits = try #require(body["hits"] as? [[String: Any]])
            #expect(hits.count == 1)
            #expect(hits[0]["entryKey"] as? String == "un-sc:6908555")
            #expect(hits[0]["match"] as? Bool == true)
            #expect(hits[0]["score"] as? Double == 1)
            let features = try #require(hits[0]["explanation"] as? [[String: Any]])
            #expect(features.compactMap { $0["feature"] as? String } == ["name", "date-of-birth", "country", "identifier"])
            #expect(features.allSatisfy { $0["weight"] != nil && $0["value"] != nil && $0["contribution"] != nil && $0["text"] != nil })
            let lists = try #require(body["lists"] as? [[String: Any]])
            #expect(lists.first?["entries"] as? Int == 2)
        }
    }

    @Test func theAPIRefusesWhatItCannotUse() async throws {
        try await Self.withApp { _, client in
            for (body, expected) in [(#"{"name": ""}"#, "name is empty"), (#"{"name": "X", "dateOfBirth": "1964/07/17"}"#, "not a date"),
                                     ("not json", "not a screening request"), (#"{"name": "X", "threshold": 2}"#, "threshold"),
                                     (#"{"name": 5}"#, "unexpected value at name")] {
                let response = try await Self.post(client, "/api/v1/screen", body: body, type: "application/json")
                #expect(response.status == .badRequest, "\(body)")
                #expect(String(buffer: response.body).contains(expected), "\(body): \(String(buffer: response.body))")
            }
            let get = try await client.executeRequest(uri: "/api/v1/screen", method: .get, headers: [:], body: nil)
            #expect(get.status == .methodNotAllowed)
        }
    }

    @Test func withoutListsTheAnswerSaysSo() async throws {
        try await Self.withApp([]) { _, client in
            let response = try await Self.post(client, "/api/v1/screen", body: #"{"name": "Ri Won Ho"}"#, type: "application/json")
            #expect(response.status == .conflict)
            #expect(String(buffer: response.body).contains("No screening lists are loaded"))
            let page = try await Self.post(client, "/screening", body: "name=Ri", type: "application/x-www-form-urlencoded")
            #expect(page.status == .conflict)
        }
    }

    @Test func decisionsAndNewListVersionsApplyAtOnce() async throws {
        try await Self.withApp { store, client in
            let entry = Self.entries[0]
            try await store.recordDecision(ScreeningDecision(party: "Ri Won Ho", list: "un-sc", entryID: entry.id, entryDigest: entry.digest,
                                                             reason: "different person", decidedBy: "alice", decidedAt: Date(timeIntervalSince1970: 1_700_000_000)))
            let dismissed = try await Self.post(client, "/api/v1/screen", body: #"{"name": "RI WON HO"}"#, type: "application/json")
            let body = try JSONSerialization.jsonObject(with: Data(String(buffer: dismissed.body).utf8)) as! [String: Any]
            #expect((body["hits"] as? [Any])?.isEmpty == true)
            #expect((body["dismissed"] as? [Any])?.count == 1)

            var changed = entry
            changed.names.append(ListName("Ri Won-ho"))
            _ = try await store.replaceList(Self.list(count: 2), entries: [changed, Self.entries[1]])
            let raised = try await Self.post(client, "/screening", body: "name=RI+WON+HO", type: "application/x-www-form-urlencoded")
            #expect(String(buffer: raised.body).contains("Raised again: alice decided"))
        }
    }
}
