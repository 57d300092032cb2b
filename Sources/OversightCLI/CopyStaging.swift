import Foundation
import OversightStore
import OversightStoreSQLite

/// Where `oversight copy` writes a SQLite target: a staging file next to it, `TARGET.incomplete-copy-PID`, that
/// carries the incomplete-copy mark until the final check and is then synced and renamed over the target. A copy
/// killed at any point leaves the target as it was (absent, or the empty database it was) and, at worst, a
/// staging file that every command refuses; the next copy to the same target removes it.
struct SQLiteCopyStaging {
    let target: String
    let pid: Int32

    init(target: String, pid: Int32 = getpid()) {
        self.target = target
        self.pid = pid
    }

    static let infix = ".incomplete-copy-"

    var path: String { target + SQLiteCopyStaging.infix + String(pid) }

    /// Where the staging file is made and marked before it is renamed to `path`: a hidden name in the same folder,
    /// so that nothing but a marked file ever has the staging name.
    var creatingPath: String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + SQLiteCopyStaging.creatingSuffix).path
    }

    static let creatingSuffix = ".creating"

    /// The files SQLite keeps beside a database while it is open or after a crash.
    static func companions(of path: String) -> [String] { [path + "-journal", path + "-wal", path + "-shm"] }

    /// The process that wrote a staging file of `target`, from the file's name (nil for any other name).
    static func writer(ofStagingFile name: String, target: String) -> Int32? {
        let prefix = URL(fileURLWithPath: target).lastPathComponent + infix
        guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { return nil }
        return pid
    }

    /// Staging files of this target left by copies that are no longer running (killed or crashed).
    func leftovers() -> [String] {
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            // A file being made under its hidden name is a leftover too once its writer is gone.
            let staged = name.hasPrefix(".") && name.hasSuffix(SQLiteCopyStaging.creatingSuffix)
                ? String(name.dropFirst().dropLast(SQLiteCopyStaging.creatingSuffix.count)) : name
            guard let writer = SQLiteCopyStaging.writer(ofStagingFile: staged, target: target) else { return nil }
            // Signal 0 only asks whether the process exists (EPERM: it does, under another user).
            guard writer == pid || (kill(writer, 0) != 0 && errno == ESRCH) else { return nil }
            return folder.appendingPathComponent(name).path
        }
    }

    /// Removes a staging file and its journal.
    static func remove(_ path: String) {
        for file in [path] + companions(of: path) { try? FileManager.default.removeItem(atPath: file) }
    }

    /// Checks that the target may be replaced: absent, an empty Oversight database, or an incomplete copy (which
    /// the copy starts over into), and not in use (the target must not be open in another process while it is
    /// replaced). Returns the mark of an incomplete copy, if the target carries one.
    func checkReplaceable() async throws -> IncompleteCopyMarker? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue { throw CLIError("--to '\(target)' is a folder; give the path of a SQLite file to create") }
        let store = try SQLiteStore(path: target, allowIncompleteCopy: true)
        let marker: IncompleteCopyMarker?
        let rows: Int
        do {
            marker = try await store.incompleteCopy()
            rows = try await store.copyCensus().totalRows
            try store.closeFile()
        } catch {
            try? store.closeFile()
            throw error
        }
        if marker == nil && rows > 0 {
            throw CLIError("\(target) is not empty; copy into an empty database (or merge with `oversight import bundle`)")
        }
        return marker
    }

    /// Renames the staging file (closed and synced) over the target and syncs the folder, so that the rename
    /// survives a crash.
    func install() throws {
        // The replaced database's journal or write-ahead log (checkpointed into it by `checkReplaceable`) must not
        // meet the new file: SQLite would apply it to the wrong database.
        for stale in SQLiteCopyStaging.companions(of: target) { try? FileManager.default.removeItem(atPath: stale) }
        guard rename(path, target) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CLIError("cannot rename \(path) to \(target): \(reason); the complete copy is in \(path)")
        }
        let folder = open(URL(fileURLWithPath: target).deletingLastPathComponent().path, O_RDONLY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }
}
