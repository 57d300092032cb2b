import Foundation
import GRDB
import OversightCore

/// The SIPRI transfers in the SQLite file (tables of `v3-arms-transfers`), each row's values as JSON with the
/// codes it is looked up by in their own columns.
extension SQLiteStore: TransferStore {
    public func replaceTransfers(_ transfers: [ArmsTransfer], dataset: TransferDataset) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bodies: [String] = []
        bodies.reserveCapacity(transfers.count)
        for t in transfers { bodies.append(String(decoding: try encoder.encode(t), as: UTF8.self)) }
        let datasetBody = String(decoding: try encoder.encode(dataset), as: UTF8.self)
        let rows = bodies
        do {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM arms_transfer")
                let insert = try db.makeStatement(sql: """
                    INSERT INTO arms_transfer (position, deal_id, supplier_code, recipient_code, delivery_year, body) VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for (i, t) in transfers.enumerated() {
                    try insert.execute(arguments: [i, t.dealID, t.supplierCode, t.recipientCode, t.deliveryYear, rows[i]])
                }
                try db.execute(sql: "INSERT INTO arms_transfer_dataset (id, body) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
                               arguments: [datasetBody])
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the transfers were not replaced (the previous ones are kept): \(SQLiteStore.describe(error))")
        }
    }

    public func transfers(involving countries: Set<String>?) async throws -> [ArmsTransfer] {
        try await writer.read { db in
            let decoder = JSONDecoder()
            var result: [ArmsTransfer] = []
            let cursor: RowCursor
            if let countries {
                let codes = Array(countries)
                let marks = Array(repeating: "?", count: codes.count).joined(separator: ",")
                cursor = try Row.fetchCursor(db, sql: "SELECT body FROM arms_transfer WHERE supplier_code IN (\(marks)) OR recipient_code IN (\(marks)) ORDER BY position",
                                             arguments: StatementArguments(codes + codes))
            } else {
                cursor = try Row.fetchCursor(db, sql: "SELECT body FROM arms_transfer ORDER BY position")
            }
            while let row = try cursor.next() {
                let body: String = row["body"]
                result.append(try decoder.decode(ArmsTransfer.self, from: Data(body.utf8)))
            }
            return result
        }
    }

    public func transferDataset() async throws -> TransferDataset? {
        try await writer.read { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM arms_transfer_dataset WHERE id = 1") else { return nil }
            return try JSONDecoder().decode(TransferDataset.self, from: Data(body.utf8))
        }
    }
}
