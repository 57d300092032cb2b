import Foundation
import Testing
import GRDB
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightStoreSQLite

/// The transfers table and the reports over the demo evidence, through a real SQLite file.
struct TransparencyStoreTests {
    static func fileStore() throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-transparency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
    }

    static func transfer(_ id: String, _ s: String?, _ r: String?, year: Int, tiv: Int64) -> ArmsTransfer {
        ArmsTransfer(dealID: id, supplier: s ?? "Rebels*", supplierCode: s, recipient: r ?? "Rebels*", recipientCode: r, designation: "x",
                     description: "APC", category: "Armoured vehicles", orderYear: 2014, deliveryYear: year, numberDelivered: 2, tivMilli: tiv)
    }

    @Test func transfersAreReplacedWholeAndLookedUpByCountry() async throws {
        let store = try Self.fileStore()
        #expect(try store.appliedMigrations().contains("v3-arms-transfers"))
        #expect(try await store.transferDataset() == nil)
        let first = [Self.transfer("1", "CA", "PE", year: 2015, tiv: 4320), Self.transfer("1", "CA", "PE", year: 2016, tiv: 4320),
                     Self.transfer("2", "US", "CO", year: 2016, tiv: 10), Self.transfer("3", "RU", nil, year: 2017, tiv: 5)]
        let dataset = TransferDataset(title: "SIPRI Arms Transfers Database", layout: "2026", generated: "02 Feb 2026", file: "t.csv", rows: 4)
        try await store.replaceTransfers(first, dataset: dataset)
        #expect(try await store.transfers(involving: nil) == first)
        #expect(try await store.transfers(involving: ["PE"]).map(\.deliveryYear) == [2015, 2016])
        #expect(try await store.transfers(involving: ["RU", "CO"]).map(\.dealID) == ["2", "3"])
        #expect(try await store.transferDataset() == dataset)
        let second = [Self.transfer("9", "FR", "IN", year: 2020, tiv: 1)]
        try await store.replaceTransfers(second, dataset: TransferDataset(title: "SIPRI", layout: "older (2025)", generated: nil, file: "u.csv", rows: 1))
        #expect(try await store.transfers(involving: nil) == second, "the old rows are gone")
        #expect(try await store.transferDataset()?.file == "u.csv")
    }

    @Test func aFailedReplacementKeepsThePreviousTransfers() async throws {
        let store = try Self.fileStore()
        let kept = [Self.transfer("1", "CA", "PE", year: 2015, tiv: 1)]
        try await store.replaceTransfers(kept, dataset: TransferDataset(title: "t", layout: "2026", generated: nil, file: "a.csv", rows: 1))
        // A trigger makes the second insert fail halfway through the write.
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON arms_transfer WHEN NEW.deal_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        await #expect(throws: StoreError.self) {
            try await store.replaceTransfers([Self.transfer("ok", "US", "CO", year: 2016, tiv: 1), Self.transfer("bad", "US", "CO", year: 2016, tiv: 1)],
                                             dataset: TransferDataset(title: "t", layout: "2026", generated: nil, file: "b.csv", rows: 2))
        }
        #expect(try await store.transfers(involving: nil) == kept)
        #expect(try await store.transferDataset()?.file == "a.csv")
    }

    @Test func thePeruDemoExportsAppearInTheReports() async throws {
        let store = try Self.fileStore()
        try await DemoCase.load(into: store)
        let snapshot = try await store.snapshot(asOf: nil)
        let rows = snapshot.exportRows
        let y2022 = AnnualExportsReport.build(rows: rows, filter: ReportFilter(year: 2022, exporter: "CA"))
        #expect(y2022.rows.map(\.code) == ["PE"])
        #expect(y2022.itemLabels == ["2-10"])
        #expect(y2022.total == 56_000_000)
        let y2023 = AnnualExportsReport.build(rows: rows, filter: ReportFilter(year: 2023, exporter: "CA"))
        #expect(y2023.itemLabels == ["2-14"])
        #expect(y2023.total == 180_000_000)
        #expect(y2023.rows.first?.previousTotal == 56_000_000)
        let att = ATTAnnualReport.build(rows: rows, filter: ReportFilter(year: 2022, exporter: "CA"))
        #expect(att.rows.first?.category == "IV/V")
        let coarm = COARMReport.build(licences: snapshot.licences, exports: rows, filter: ReportFilter(year: 2023, exporter: "CA"))
        let peru = try #require(coarm.rows.first { $0.destination == "PE" && $0.entry == "ML14" })
        #expect(peru.licences == 1)
        #expect(peru.licensedValue == 96_000_000)
        #expect(peru.actualExports == 180_000_000)
    }

    @Test func theWatchdogFlagsThe2023PermitWithTheEvidenceKnownOnItsDate() async throws {
        let store = try Self.fileStore()
        try await DemoCase.load(into: store)
        let snapshot = try await store.snapshot(asOf: nil)
        let url = try #require(DemoCase.applicationURLs()["peru-pnp-simulators-2023-02-06"])
        let application = try ApplicationReader.read(Data(contentsOf: url))
        let cases = WatchdogCase.merging(snapshot.watchdogCases(filter: ReportFilter()), applications: [application], addUnmatched: false)
        #expect(cases.count == 3, "the permit and the two export records; the application only fills in the permit")
        let findings = Watchdog().check(cases, index: EvidenceIndex(snapshot: snapshot))
        let permit = try #require(findings.first { $0.caseID == "permit:ca-pe-2023-02-06" })
        #expect(permit.knowledgeDate == "2023-02-06")
        #expect(permit.endUser == "Policía Nacional del Perú")
        #expect(permit.flagged)
        #expect(permit.verdicts["EIPA"] == .deny)
        #expect(Set(permit.evidence.map(\.incidentID)) == ["incident:juliaca-2023-01-09", "incident:ayacucho-2022-12-15", "incident:andahuaylas-2022-12-10"])
        let sources = permit.evidence.flatMap(\.sources)
        #expect(sources.allSatisfy { $0.published <= "2023-02-06" }, "only what was public on the decision date")
        #expect(!sources.contains { $0.publisher == "Human Rights Watch" })
        #expect(permit.evidence.first { $0.incidentID == "incident:juliaca-2023-01-09" }?.killed == 17, "the count known then, not HRW's later 18")
        #expect(findings.first?.caseID == "permit:ca-pe-2023-02-06", "flagged cases first")
        // Without the application, the permit's end user is not recorded and it is only weighed as some security force.
        let bare = Watchdog().check(snapshot.watchdogCases(filter: ReportFilter()), index: EvidenceIndex(snapshot: snapshot))
        #expect(bare.first { $0.caseID == "permit:ca-pe-2023-02-06" }?.endUser == "end user not recorded")
    }
}
