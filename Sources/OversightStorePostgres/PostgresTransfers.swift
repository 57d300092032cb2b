import Foundation
import OversightCore
import OversightStore
import PostgresNIO

/// The SIPRI transfers on PostgreSQL (tables of `v3-arms-transfers`), one column per value, in import order.
extension PostgresStore {
    public func replaceTransfers(_ transfers: [ArmsTransfer], dataset: TransferDataset) async throws {
        do {
            try await inTransaction { connection in
                try await connection.query("DELETE FROM arms_transfer", logger: self.logger)
                for (i, t) in transfers.enumerated() {
                    try await connection.query("""
                        INSERT INTO arms_transfer (position, deal_id, supplier, supplier_code, recipient, recipient_code, designation,
                            description, category, category_inferred, order_year, order_year_estimated, delivery_year,
                            delivery_year_estimated, number_delivered, number_estimated, tiv_milli, apportioned, status, comments)
                        VALUES (\(i), \(t.dealID), \(t.supplier), \(t.supplierCode), \(t.recipient), \(t.recipientCode), \(t.designation),
                            \(t.description), \(t.category), \(t.categoryInferred), \(t.orderYear), \(t.orderYearEstimated), \(t.deliveryYear),
                            \(t.deliveryYearEstimated), \(t.numberDelivered), \(t.numberEstimated), \(t.tivMilli), \(t.apportioned),
                            \(t.status), \(t.comments))
                        """, logger: self.logger)
                }
                try await connection.query("""
                    INSERT INTO arms_transfer_dataset (id, title, layout, generated, file, row_count)
                    VALUES (1, \(dataset.title), \(dataset.layout), \(dataset.generated), \(dataset.file), \(dataset.rows))
                    ON CONFLICT (id) DO UPDATE SET title = excluded.title, layout = excluded.layout, generated = excluded.generated,
                        file = excluded.file, row_count = excluded.row_count
                    """, logger: self.logger)
            }
        } catch let error as StoreError where error.code == .unreadableDatabase && error.message.hasPrefix("PostgreSQL ") {
            throw StoreError(.invalidRecord, "the transfers were not replaced (the previous ones are kept): \(error.message)")
        }
    }

    public func transfers(involving countries: Set<String>?) async throws -> [ArmsTransfer] {
        let query: PostgresQuery = if let countries {
            "SELECT * FROM arms_transfer WHERE supplier_code = ANY(\(Array(countries).sorted())) OR recipient_code = ANY(\(Array(countries).sorted())) ORDER BY position"
        } else {
            "SELECT * FROM arms_transfer ORDER BY position"
        }
        return try await withConnection { connection in
            var result: [ArmsTransfer] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                let r = PGRow(row)
                result.append(ArmsTransfer(
                    dealID: try r("deal_id"), supplier: try r("supplier"), supplierCode: try r("supplier_code"), recipient: try r("recipient"),
                    recipientCode: try r("recipient_code"), designation: try r("designation"), description: try r("description"),
                    category: try r("category"), categoryInferred: try r("category_inferred"), orderYear: try r("order_year"),
                    orderYearEstimated: try r("order_year_estimated"), deliveryYear: try r("delivery_year"),
                    deliveryYearEstimated: try r("delivery_year_estimated"), numberDelivered: try r("number_delivered"),
                    numberEstimated: try r("number_estimated"), tivMilli: try r("tiv_milli"), apportioned: try r("apportioned"),
                    status: try r("status"), comments: try r("comments")))
            }
            return result
        }
    }

    public func transferDataset() async throws -> TransferDataset? {
        try await withConnection { connection in
            for try await row in try await connection.query("SELECT * FROM arms_transfer_dataset WHERE id = 1", logger: self.logger) {
                let r = PGRow(row)
                return TransferDataset(title: try r("title"), layout: try r("layout"), generated: try r("generated"), file: try r("file"),
                                       rows: try r("row_count"))
            }
            return nil
        }
    }
}

/// A row's columns by name.
struct PGRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func callAsFunction<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try row[column].decode(T.self, context: .default)
    }
}
