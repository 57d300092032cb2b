import Foundation
import OversightCore
import OversightStore
import PostgresNIO

/// The screening lists and decisions (tables of `v2-screening-lists`), with the same behaviour as the SQLite
/// adapter: entries kept as canonical JSON with their digest, a replacement writing only what changed.
extension PostgresStore {
    public func replaceList(_ list: ScreeningList, entries: [ListEntry]) async throws -> ListChanges {
        let prepared = try list.prepareReplacement(entries)
        let rows = prepared.map { (id: $0.entry.id, schema: $0.entry.schema.rawValue, name: $0.entry.primaryName, digest: $0.digest, json: $0.json) }
        let newDigests = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.digest) })
        let logger = self.logger
        do {
            return try await inTransaction { connection in
                // Replacements of one list apply one after the other.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(self.settings.schema ?? "")), hashtext(\("screening-list:" + list.id)))", logger: logger)
                var old: [String: String] = [:]
                for try await (id, digest) in try await connection.query(
                    "SELECT entry_id, digest FROM screening_entry WHERE list_id = \(list.id)", logger: logger).decode((String, String).self) {
                    old[id] = digest
                }
                let changes = ListChanges.compare(old: old, new: newDigests)
                try await connection.query("""
                    INSERT INTO screening_list (id, title, format, source, version, imported_at, entry_count)
                    VALUES (\(list.id), \(list.title), \(list.format), \(list.source), \(list.version),
                            \(ScreeningDecision.timestamp(list.importedAt)), \(entries.count))
                    ON CONFLICT (id) DO UPDATE SET title = excluded.title, format = excluded.format, source = excluded.source,
                        version = excluded.version, imported_at = excluded.imported_at, entry_count = excluded.entry_count
                    """, logger: logger)
                if !changes.removed.isEmpty {
                    try await connection.query("""
                        DELETE FROM screening_entry WHERE list_id = \(list.id) AND entry_id = ANY(\(Array(changes.removed)))
                        """, logger: logger)
                }
                // Changed and new entries, in batches of arrays (one statement per few thousand rows).
                let changed = rows.filter { old[$0.id] != $0.digest }
                for start in stride(from: 0, to: changed.count, by: 5_000) {
                    let batch = changed[start..<min(start + 5_000, changed.count)]
                    try await connection.query("""
                        INSERT INTO screening_entry (list_id, entry_id, schema, name, digest, body)
                        SELECT \(list.id), * FROM unnest(\(batch.map(\.id)), \(batch.map(\.schema)), \(batch.map(\.name)),
                                                          \(batch.map(\.digest)), \(batch.map(\.json)))
                        ON CONFLICT (list_id, entry_id) DO UPDATE SET schema = excluded.schema, name = excluded.name,
                            digest = excluded.digest, body = excluded.body
                        """, logger: logger)
                }
                try await connection.query("UPDATE screening_revision SET revision = revision + 1 WHERE id = 1", logger: logger)
                return changes
            }
        } catch let error as StoreError where error.code == .unreadableDatabase {
            throw StoreError(.invalidRecord, "the list \(list.id) was not replaced: \(error.message)")
        }
    }

    public func screeningLists() async throws -> [ScreeningList] {
        try await withConnection { connection in
            var lists: [ScreeningList] = []
            for try await (id, title, format, source, version, imported, count) in try await connection.query("""
                SELECT id, title, format, source, version, imported_at, entry_count FROM screening_list ORDER BY id
                """, logger: self.logger).decode((String, String, String, String, String?, String, Int).self) {
                lists.append(ScreeningList(id: id, title: title, format: format, source: source, version: version,
                                           importedAt: ScreeningDecision.parseTimestamp(imported) ?? Date(timeIntervalSince1970: 0),
                                           entryCount: count))
            }
            return lists
        }
    }

    public func listEntries(list: String?) async throws -> [ListEntry] {
        let query: PostgresQuery = if let list {
            "SELECT body FROM screening_entry WHERE list_id = \(list) ORDER BY entry_id"
        } else {
            "SELECT body FROM screening_entry ORDER BY list_id, entry_id"
        }
        let bodies = try await strings(query)
        let decoder = JSONDecoder()
        return try bodies.map { try decoder.decode(ListEntry.self, from: Data($0.utf8)) }
    }

    public func listEntry(list: String, id: String) async throws -> ListEntry? {
        try await strings("SELECT body FROM screening_entry WHERE list_id = \(list) AND entry_id = \(id)").first
            .map { try JSONDecoder().decode(ListEntry.self, from: Data($0.utf8)) }
    }

    public func removeList(_ id: String) async throws -> Bool {
        let logger = self.logger
        return try await inTransaction { connection in
            try await connection.query("DELETE FROM screening_entry WHERE list_id = \(id)", logger: logger)
            let removed = try await connection.query("DELETE FROM screening_list WHERE id = \(id) RETURNING id", logger: logger)
            var any = false
            for try await _ in removed.decode(String.self) { any = true }
            if any { try await connection.query("UPDATE screening_revision SET revision = revision + 1 WHERE id = 1", logger: logger) }
            return any
        }
    }

    public func recordDecision(_ decision: ScreeningDecision) async throws {
        try await withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO screening_decision (party, party_key, list_id, entry_id, entry_digest, verdict, reason, decided_by, decided_at)
                VALUES (\(decision.party), \(decision.partyKey), \(decision.list), \(decision.entryID), \(decision.entryDigest),
                        \(decision.verdict.rawValue), \(decision.reason), \(decision.decidedBy), \(ScreeningDecision.timestamp(decision.decidedAt)))
                """, logger: self.logger)
        }
    }

    public func screeningDecisions(partyKey: String?) async throws -> [ScreeningDecision] {
        let columns = "id, party, party_key, list_id, entry_id, entry_digest, verdict, reason, decided_by, decided_at"
        let query: PostgresQuery = if let partyKey {
            "SELECT \(unescaped: columns) FROM screening_decision WHERE party_key = \(partyKey) ORDER BY id"
        } else {
            "SELECT \(unescaped: columns) FROM screening_decision ORDER BY id"
        }
        return try await withConnection { connection in
            var decisions: [ScreeningDecision] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                let (id, party, key, list, entryID, digest, verdictText, reason, decidedBy, decidedAt) =
                    try row.decode((Int, String, String, String, String, String, String, String, String, String).self)
                guard let verdict = ScreeningDecision.Verdict(rawValue: verdictText), let date = ScreeningDecision.parseTimestamp(decidedAt) else {
                    throw StoreError(.invalidRecord, "stored screening decision \(id) is unreadable")
                }
                var decision = ScreeningDecision(party: party, list: list, entryID: entryID, entryDigest: digest, verdict: verdict,
                                                 reason: reason, decidedBy: decidedBy, decidedAt: date)
                decision.partyKey = key
                decisions.append(decision)
            }
            return decisions
        }
    }

    public func screeningRevision() async throws -> Int {
        try await withConnection { connection in
            try await self.count(connection, "SELECT revision FROM screening_revision WHERE id = 1")
        }
    }
}
