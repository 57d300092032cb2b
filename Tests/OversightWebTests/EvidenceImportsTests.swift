import Foundation
import OversightApp
import OversightCore
import OversightStore
import OversightStoreSQLite
import Synchronization
import Testing

/// The importers' shared pipeline (App): all or nothing, progress as it writes, monitoring afterwards.
@Suite struct EvidenceImportsTests {
    final class Heard: Sendable {
        let events = Mutex<[ImportProgress]>([])
        var all: [ImportProgress] { events.withLock { $0 } }
        var handler: ImportProgressHandler { { [self] p in self.events.withLock { $0.append(p) } } }
    }

    static func records(_ n: Int) -> [Record] {
        let source = Source(id: "src:s", title: "S", publisher: "P", published: PartialDate("2021-01-01")!)
        return [.source(source)] + (0..<n).flatMap { i -> [Record] in
            [.unit(Unit(id: "unit:u\(i)", name: "Unit \(i)", country: "PE")),
             .claim(Claim(id: "claim:u\(i)", subject: "unit:u\(i)", citations: [Citation(source: source.id)]))]
        }
    }

    static func sqlite() throws -> (SQLiteStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-imports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try SQLiteStore(path: folder.appendingPathComponent("i.sqlite").path), folder)
    }

    @Test func progressFollowsTheWritesThenMonitoring() async throws {
        let (store, folder) = try Self.sqlite()
        defer { try? FileManager.default.removeItem(at: folder) }
        let heard = Heard()
        let records = Self.records(12)
        let outcome = try await EvidenceImports.records(into: store, every: 10, progress: heard.handler) { add in
            for record in records { try add(record, nil) }
        }
        #expect(outcome.summary.total == 25)
        #expect(outcome.alerts.isEmpty, "no application to re-assess")
        #expect(heard.all == [ImportProgress(.writing, 10), ImportProgress(.writing, 20), ImportProgress(.monitoring, 0)])
        #expect(try await store.statistics(asOf: nil).count(.unit) == 12)
    }

    @Test func aBadRecordImportsNothingAndSkipsMonitoring() async throws {
        let (store, folder) = try Self.sqlite()
        defer { try? FileManager.default.removeItem(at: folder) }
        let heard = Heard()
        let records = Self.records(3) + [.claim(Claim(id: "claim:bad", subject: "unit:missing", citations: [Citation(source: "src:s")]))]
        await #expect(throws: ValidationError.self) {
            _ = try await EvidenceImports.records(into: store, every: 1, progress: heard.handler) { add in
                for record in records { try add(record, nil) }
            }
        }
        #expect(try await store.statistics(asOf: nil).count(.unit) == 0)
        #expect(!heard.all.contains { $0.phase == .monitoring }, "nothing written, nothing to monitor")
    }

    @Test func aBundleWithoutClaimsNeedsNoMonitoring() async throws {
        let (store, folder) = try Self.sqlite()
        defer { try? FileManager.default.removeItem(at: folder) }
        let heard = Heard()
        let line = #"{"type":"source","id":"src:only","title":"Only","publisher":"P","published":"2021-01-01"}"#
        let header = #"{"format":"oversight-bundle","type":"bundle","version":2}"#
        let outcome = try await EvidenceImports.bundle(Data((header + "\n" + line + "\n").utf8), into: store, progress: heard.handler)
        #expect(outcome.summary.total == 1)
        #expect(heard.all.isEmpty)
    }
}
