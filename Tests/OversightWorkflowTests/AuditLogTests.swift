import Foundation
import GRDB
import OversightCore
import OversightStore
import OversightWorkflow
import Testing

/// The hash-chained audit log: every write leaves an entry; editing or deleting a row directly in the SQLite file
/// is detected and the first broken entry named.
struct AuditLogTests {
    /// A short history: users, an application through submission and recommendation.
    func history() async throws -> (Fixture, String) {
        let f = try await Fixture()
        let detail = try await f.submitted(Fixture.quiet())
        _ = try await f.service.recommend(id: detail.record.id, outcome: .approve, rationale: "Fine", conditions: [], by: f.officer)
        return (f, detail.record.id)
    }

    /// Runs SQL on the file behind the store's back, as an attacker with file access would.
    func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
    }

    @Test func everyWriteIsLoggedWithBeforeAndAfter() async throws {
        let (f, id) = try await history()
        defer { f.remove() }
        let entries = try await f.store.auditEntries(after: 0, limit: 100)
        // 8 users, then create, submit, screen, assess, recommend.
        #expect(entries.count == 13)
        #expect(entries.map(\.seq) == Array(1...13))
        #expect(entries.prefix(8).allSatisfy { $0.action == "user.create" && $0.actor == "system" })
        let recommend = entries[12]
        #expect(recommend.action == "application.recommend")
        #expect(recommend.actor == "olivia")
        #expect(recommend.subject == "application:\(id)")
        #expect(recommend.before?.contains("\"state\":\"assessed\"") == true)
        #expect(recommend.after?.contains("\"rationale\":\"Fine\"") == true)
        #expect(entries[8].before == nil && entries[8].after?.contains(id) == true, "created: no before")
        #expect(!entries.contains { ($0.after ?? "").contains("$2") }, "no password hash in the log")
        let verification = try await f.service.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.entriesChecked == 13)
        #expect(verification.lastHash == entries.last?.hash)
    }

    @Test func editingARowInTheFileIsDetected() async throws {
        let (f, _) = try await history()
        defer { f.remove() }
        try tamper(f.path, "UPDATE wf_audit SET after = replace(after, 'Fine', 'Risky') WHERE seq = 13")
        try tamper(f.path, "UPDATE wf_audit SET actor = 'mallory' WHERE seq = 10")
        let verification = try await f.service.verifyAudit()
        #expect(verification.firstBreak?.seq == 10, "the first of the two edited entries")
        #expect(verification.firstBreak?.reason.contains("edited") == true)
        #expect(verification.entriesChecked == 9)
    }

    @Test func recomputingTheHashOfAnEditedRowBreaksTheNextLink() async throws {
        let (f, _) = try await history()
        defer { f.remove() }
        // A careful forger edits entry 11 and recomputes its hash; entry 12 still names the old hash.
        var entry = try #require(try await f.store.auditEntries(after: 10, limit: 1).first)
        entry.actor = "mallory"
        let forged = AuditChain.hash(of: entry)
        try tamper(f.path, "UPDATE wf_audit SET actor = 'mallory', hash = '\(forged)' WHERE seq = 11")
        let verification = try await f.service.verifyAudit()
        #expect(verification.firstBreak?.seq == 12)
        #expect(verification.firstBreak?.reason.contains("previous-hash") == true)
    }

    @Test func deletingARowIsDetected() async throws {
        let (f, _) = try await history()
        defer { f.remove() }
        try tamper(f.path, "DELETE FROM wf_audit WHERE seq = 5")
        let verification = try await f.service.verifyAudit()
        #expect(verification.firstBreak?.seq == 5)
        #expect(verification.firstBreak?.reason.contains("missing") == true)
    }

    @Test func exportsCarryEveryFieldAndVerifyOffline() async throws {
        let (f, _) = try await history()
        defer { f.remove() }
        var jsonl = ""
        try await f.service.exportAudit(format: .jsonl) { jsonl += $0 }
        let lines = jsonl.split(separator: "\n")
        #expect(lines.count == 13)
        // Re-verify from the export alone.
        struct Line: Decodable {
            var seq: Int; var atMilliseconds: Int64; var actor: String; var action: String; var subject: String
            var before: String?; var after: String?; var previousHash: String; var hash: String
        }
        let entries = try lines.map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }.map {
            AuditEntry(seq: $0.seq, at: Date(timeIntervalSince1970: Double($0.atMilliseconds) / 1000), actor: $0.actor, action: $0.action,
                       subject: $0.subject, before: $0.before, after: $0.after, previousHash: $0.previousHash, hash: $0.hash)
        }
        #expect(AuditChain.verify(entries).isIntact)
        var csv = ""
        try await f.service.exportAudit(format: .csv) { csv += $0 }
        #expect(csv.hasPrefix("seq,at,at_ms,actor,action,subject,before,after,previous_hash,hash\r\n"))
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 14)
        let page = try await f.service.auditLog(page: 1, perPage: 5, by: f.auditor)
        #expect(page.items.map(\.seq) == [13, 12, 11, 10, 9])
        #expect(page.total == 13 && page.pageCount == 3)
        #expect(try await f.service.auditLog(page: 3, perPage: 5, by: f.auditor).items.map(\.seq) == [3, 2, 1])
    }
}
