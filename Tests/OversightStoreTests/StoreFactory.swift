import Foundation
import OversightStore

/// Makes a fresh, empty store of one adapter. The contract suite runs against every factory listed in `all`;
/// a second adapter joins the suite by adding its factory here.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> any Store

    var testDescription: String { name }

    static let sqliteFile = StoreFactory(name: "SQLite (file)") {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
    }

    static var all: [StoreFactory] { [sqliteFile] }
}

import Testing
