import Foundation
import GRDB
import OversightStore

/// `oversight copy` into SQLite: the copy is written to a staging file (`stagingFile(path:marker:creatingAt:)`) that carries the
/// incomplete-copy mark until the final check, and is then renamed over the target by the command.
extension SQLiteStore: CopyTargetStore {
    /// A new database file for a copy to be written to and renamed into place afterwards: a rollback journal
    /// instead of WAL (so that, once closed, the file is complete by itself) and no syncing on every commit (a
    /// crash leaves only this staging file, never the target; `closeFile()` syncs it before the rename).
    public static func stagingFile(path: String, marker: IncompleteCopyMarker, creatingAt temporary: String) throws -> SQLiteStore {
        let configuration = SQLiteStore.configuration(synchronous: "OFF")
        // The file carries the incomplete-copy mark from the moment it has its name: it is made under `temporary`,
        // marked, and renamed, so a copy killed at any instant never leaves a staging file that opens as an
        // ordinary (empty) database.
        for file in [temporary] + ["-journal", "-wal", "-shm"].map({ temporary + $0 }) { try? FileManager.default.removeItem(atPath: file) }
        do {
            let marking = try DatabaseQueue(path: temporary, configuration: configuration)
            try marking.write { db in try SQLiteStore.writeMarker(marker, db) }
            try marking.close()
        } catch {
            throw StoreError(.unreadableDatabase, "cannot create the SQLite file '\(temporary)': \(SQLiteStore.describe(error)). Check its folder and permissions.")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError(.unreadableDatabase, "cannot create the SQLite file '\(path)': \(reason). Check its folder and permissions.")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unreadableDatabase, "cannot open the SQLite file '\(path)': \(SQLiteStore.describe(error)).")
        }
        return try SQLiteStore(writer: queue, allowIncompleteCopy: true)
    }

    /// Closes the database file for good and syncs it to disk, its write-ahead log (if any) checkpointed into it
    /// first, so that the file is complete by itself (for a staging file before it is renamed, and for a target
    /// about to be replaced). The store must not be used afterwards.
    public func closeFile() throws {
        let path = writer.path
        try? writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try writer.close()
        guard let handle = FileHandle(forUpdatingAtPath: path) else { return }
        defer { try? handle.close() }
        try handle.synchronize()
    }

    /// The mark of an unfinished copy in `writer`'s database, read before migrating it.
    static func incompleteCopy(in writer: any DatabaseWriter) throws -> IncompleteCopyMarker? {
        do {
            return try writer.read { db in try incompleteCopy(db) }
        } catch {
            throw StoreError(.unreadableDatabase, "cannot read the SQLite database '\(writer.path)': \(SQLiteStore.describe(error)). Is it an Oversight database?")
        }
    }

    private static func incompleteCopy(_ db: Database) throws -> IncompleteCopyMarker? {
        guard try db.tableExists(IncompleteCopyMarker.table) else { return nil }
        return try Row.fetchOne(db, sql: "SELECT source, started_at FROM \(IncompleteCopyMarker.table) LIMIT 1")
            .map { IncompleteCopyMarker(source: $0["source"] as String, startedAt: $0["started_at"] as String) }
    }

    private static func census(_ db: Database) throws -> CopyCensus {
        var rows: [String: Int] = [:]
        for table in CopyCensus.tables {
            rows[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        }
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM wf_audit ORDER BY seq DESC LIMIT 1")
            .map { CopyCensus.AuditHead(seq: $0["seq"], hash: $0["hash"]) }
        return CopyCensus(rows: rows, auditHead: head)
    }

    public func copyCensus() async throws -> CopyCensus {
        try await writer.read { db in try SQLiteStore.census(db) }
    }

    public func incompleteCopy() async throws -> IncompleteCopyMarker? {
        try await writer.read { db in try SQLiteStore.incompleteCopy(db) }
    }

    public func beginCopy(_ marker: IncompleteCopyMarker) async throws {
        try await writer.write { db in try SQLiteStore.writeMarker(marker, db) }
    }

    /// Marks the database as an incomplete copy (replacing an earlier mark).
    static func writeMarker(_ marker: IncompleteCopyMarker, _ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS \(IncompleteCopyMarker.table) (source TEXT NOT NULL, started_at TEXT NOT NULL);
            DELETE FROM \(IncompleteCopyMarker.table);
            """)
        try db.execute(sql: "INSERT INTO \(IncompleteCopyMarker.table) (source, started_at) VALUES (?, ?)",
                       arguments: [marker.source, marker.startedAt])
    }

    public func finishCopy(expected: CopyCensus) async throws {
        let location = writer.path
        try await writer.write { db in
            let differences = expected.differences(in: try SQLiteStore.census(db))
            guard differences.isEmpty else { throw CopyCheckError(location: location, differences: differences) }
            try db.execute(sql: "DROP TABLE IF EXISTS \(IncompleteCopyMarker.table)")
        }
    }
}
