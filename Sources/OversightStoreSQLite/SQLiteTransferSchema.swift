import GRDB
import OversightStore

/// Migrations for the SIPRI transfers table (not evidence claims), registered after the screening migrations.
enum SQLiteTransferSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-arms-transfers") { db in
            try db.execute(sql: """
                CREATE TABLE arms_transfer (
                    position INTEGER PRIMARY KEY,
                    deal_id TEXT NOT NULL,
                    supplier TEXT NOT NULL,
                    supplier_code TEXT,
                    recipient TEXT NOT NULL,
                    recipient_code TEXT,
                    designation TEXT NOT NULL,
                    description TEXT NOT NULL,
                    category TEXT NOT NULL,
                    category_inferred INTEGER NOT NULL,
                    order_year INTEGER,
                    order_year_estimated INTEGER NOT NULL,
                    delivery_year INTEGER,
                    delivery_year_estimated INTEGER NOT NULL,
                    number_delivered INTEGER,
                    number_estimated INTEGER NOT NULL,
                    tiv_milli INTEGER,
                    apportioned INTEGER NOT NULL,
                    status TEXT,
                    comments TEXT
                ) STRICT;
                CREATE INDEX arms_transfer_by_supplier ON arms_transfer(supplier_code);
                CREATE INDEX arms_transfer_by_recipient ON arms_transfer(recipient_code);
                CREATE TABLE arms_transfer_dataset (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    title TEXT NOT NULL,
                    layout TEXT NOT NULL,
                    generated TEXT,
                    file TEXT NOT NULL,
                    row_count INTEGER NOT NULL
                ) STRICT;
                """)
        }
    }
}
