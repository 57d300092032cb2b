import Foundation
import GRDB
import OversightCore
import OversightStore

/// The screening lists and decisions in the SQLite file (tables of `v2-screening-lists`). Entries are kept as
/// canonical JSON with their content digest; a replacement compares digests to report and write only what
/// changed.
extension SQLiteStore: ScreeningStore {
    public func replaceList(_ list: ScreeningList, entries: [ListEntry]) async throws -> ListChanges {
        let prepared = try list.prepareReplacement(entries)
        let rows = prepared
        let newDigests = Dictionary(uniqueKeysWithValues: rows.map { ($0.entry.id, $0.digest) })
        do {
            return try await writer.write { db in
                var old: [String: String] = [:]
                let cursor = try Row.fetchCursor(db, sql: "SELECT entry_id, digest FROM screening_entry WHERE list_id = ?", arguments: [list.id])
                while let row = try cursor.next() { old[row["entry_id"]] = row["digest"] }
                let changes = ListChanges.compare(old: old, new: newDigests)

                try db.execute(sql: """
                    INSERT INTO screening_list (id, title, format, source, version, imported_at, entry_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET title = excluded.title, format = excluded.format, source = excluded.source,
                        version = excluded.version, imported_at = excluded.imported_at, entry_count = excluded.entry_count
                    """, arguments: [list.id, list.title, list.format, list.source, list.version,
                                     ScreeningDecision.timestamp(list.importedAt), entries.count])
                let delete = try db.makeStatement(sql: "DELETE FROM screening_entry WHERE list_id = ? AND entry_id = ?")
                for id in changes.removed { try delete.execute(arguments: [list.id, id]) }
                let upsert = try db.makeStatement(sql: """
                    INSERT INTO screening_entry (list_id, entry_id, schema, name, digest, body) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(list_id, entry_id) DO UPDATE SET schema = excluded.schema, name = excluded.name,
                        digest = excluded.digest, body = excluded.body
                    """)
                for row in rows where old[row.entry.id] != row.digest {
                    try upsert.execute(arguments: [list.id, row.entry.id, row.entry.schema.rawValue, row.entry.primaryName, row.digest, row.json])
                }
                try db.execute(sql: "UPDATE screening_revision SET revision = revision + 1 WHERE id = 1")
                return changes
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the list \(list.id) was not replaced: \(SQLiteStore.describe(error))")
        }
    }

    public func screeningLists() async throws -> [ScreeningList] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM screening_list ORDER BY id").map { row in
                let imported: String = row["imported_at"]
                return ScreeningList(id: row["id"], title: row["title"], format: row["format"], source: row["source"],
                                     version: row["version"], importedAt: ScreeningDecision.parseTimestamp(imported) ?? Date(timeIntervalSince1970: 0),
                                     entryCount: row["entry_count"])
            }
        }
    }

    public func listEntries(list: String?) async throws -> [ListEntry] {
        try await writer.read { db in
            let decoder = JSONDecoder()
            let cursor = list == nil
                ? try String.fetchCursor(db, sql: "SELECT body FROM screening_entry ORDER BY list_id, entry_id")
                : try String.fetchCursor(db, sql: "SELECT body FROM screening_entry WHERE list_id = ? ORDER BY entry_id", arguments: [list])
            var entries: [ListEntry] = []
            while let body = try cursor.next() { entries.append(try decoder.decode(ListEntry.self, from: Data(body.utf8))) }
            return entries
        }
    }

    public func listEntry(list: String, id: String) async throws -> ListEntry? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM screening_entry WHERE list_id = ? AND entry_id = ?", arguments: [list, id])
                .map { try JSONDecoder().decode(ListEntry.self, from: Data($0.utf8)) }
        }
    }

    public func removeList(_ id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM screening_entry WHERE list_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM screening_list WHERE id = ?", arguments: [id])
            let removed = db.changesCount > 0
            if removed { try db.execute(sql: "UPDATE screening_revision SET revision = revision + 1 WHERE id = 1") }
            return removed
        }
    }

    public func recordDecision(_ decision: ScreeningDecision) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO screening_decision (party, party_key, list_id, entry_id, entry_digest, verdict, reason, decided_by, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [decision.party, decision.partyKey, decision.list, decision.entryID, decision.entryDigest,
                                 decision.verdict.rawValue, decision.reason, decision.decidedBy,
                                 ScreeningDecision.timestamp(decision.decidedAt)])
        }
    }

    public func screeningDecisions(partyKey: String?) async throws -> [ScreeningDecision] {
        try await writer.read { db in
            let rows = partyKey == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM screening_decision ORDER BY id")
                : try Row.fetchAll(db, sql: "SELECT * FROM screening_decision WHERE party_key = ? ORDER BY id", arguments: [partyKey])
            return try rows.map { row in
                let verdictText: String = row["verdict"], decidedAt: String = row["decided_at"]
                guard let verdict = ScreeningDecision.Verdict(rawValue: verdictText), let date = ScreeningDecision.parseTimestamp(decidedAt) else {
                    throw StoreError(.invalidRecord, "stored screening decision \(row["id"] as Int64) is unreadable")
                }
                var decision = ScreeningDecision(party: row["party"], list: row["list_id"], entryID: row["entry_id"],
                                                 entryDigest: row["entry_digest"], verdict: verdict, reason: row["reason"],
                                                 decidedBy: row["decided_by"], decidedAt: date)
                decision.partyKey = row["party_key"]
                return decision
            }
        }
    }

    public func screeningRevision() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM screening_revision WHERE id = 1") ?? 0 }
    }
}
