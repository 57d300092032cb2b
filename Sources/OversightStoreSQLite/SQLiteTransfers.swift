import Foundation
import GRDB
import OversightCore
import OversightStore

/// The SIPRI transfers in the SQLite file (tables of `v3-arms-transfers`), one column per value (booleans as
/// 0/1, TIV in thousandths), in the order they were imported.
extension SQLiteStore: TransferStore {
    public func replaceTransfers(_ transfers: [ArmsTransfer], dataset: TransferDataset) async throws {
        do {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM arms_transfer")
                let insert = try db.makeStatement(sql: """
                    INSERT INTO arms_transfer (position, deal_id, supplier, supplier_code, recipient, recipient_code, designation,
                        description, category, category_inferred, order_year, order_year_estimated, delivery_year,
                        delivery_year_estimated, number_delivered, number_estimated, tiv_milli, apportioned, status, comments)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (i, t) in transfers.enumerated() {
                    try insert.execute(arguments: [
                        i, t.dealID, t.supplier, t.supplierCode, t.recipient, t.recipientCode, t.designation, t.description,
                        t.category, t.categoryInferred, t.orderYear, t.orderYearEstimated, t.deliveryYear, t.deliveryYearEstimated,
                        t.numberDelivered, t.numberEstimated, t.tivMilli, t.apportioned, t.status, t.comments,
                    ])
                }
                try db.execute(sql: """
                    INSERT INTO arms_transfer_dataset (id, title, layout, generated, file, row_count) VALUES (1, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET title = excluded.title, layout = excluded.layout, generated = excluded.generated,
                        file = excluded.file, row_count = excluded.row_count
                    """, arguments: [dataset.title, dataset.layout, dataset.generated, dataset.file, dataset.rows])
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the transfers were not replaced (the previous ones are kept): \(SQLiteStore.describe(error))")
        }
    }

    public func transfers(involving countries: Set<String>?) async throws -> [ArmsTransfer] {
        try await writer.read { db in
            var result: [ArmsTransfer] = []
            let cursor: RowCursor
            if let countries {
                let codes = Array(countries).sorted()
                let marks = Array(repeating: "?", count: codes.count).joined(separator: ",")
                cursor = try Row.fetchCursor(db, sql: "SELECT * FROM arms_transfer WHERE supplier_code IN (\(marks)) OR recipient_code IN (\(marks)) ORDER BY position",
                                             arguments: StatementArguments(codes + codes))
            } else {
                cursor = try Row.fetchCursor(db, sql: "SELECT * FROM arms_transfer ORDER BY position")
            }
            while let row = try cursor.next() {
                result.append(ArmsTransfer(
                    dealID: row["deal_id"], supplier: row["supplier"], supplierCode: row["supplier_code"], recipient: row["recipient"],
                    recipientCode: row["recipient_code"], designation: row["designation"], description: row["description"],
                    category: row["category"], categoryInferred: row["category_inferred"], orderYear: row["order_year"],
                    orderYearEstimated: row["order_year_estimated"], deliveryYear: row["delivery_year"],
                    deliveryYearEstimated: row["delivery_year_estimated"], numberDelivered: row["number_delivered"],
                    numberEstimated: row["number_estimated"], tivMilli: row["tiv_milli"], apportioned: row["apportioned"],
                    status: row["status"], comments: row["comments"]))
            }
            return result
        }
    }

    public func transferDataset() async throws -> TransferDataset? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM arms_transfer_dataset WHERE id = 1") else { return nil }
            return TransferDataset(title: row["title"], layout: row["layout"], generated: row["generated"], file: row["file"], rows: row["row_count"])
        }
    }
}
