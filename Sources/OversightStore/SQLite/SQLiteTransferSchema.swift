import GRDB

/// Migrations for the SIPRI transfers table (not evidence claims), registered after the screening migrations.
enum SQLiteTransferSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-arms-transfers") { db in
            try db.execute(sql: """
                CREATE TABLE arms_transfer (
                    position INTEGER PRIMARY KEY,
                    deal_id TEXT NOT NULL,
                    supplier_code TEXT,
                    recipient_code TEXT,
                    delivery_year INTEGER,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX arms_transfer_by_supplier ON arms_transfer(supplier_code);
                CREATE INDEX arms_transfer_by_recipient ON arms_transfer(recipient_code);
                CREATE TABLE arms_transfer_dataset (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    body TEXT NOT NULL
                ) STRICT;
                """)
        }
    }
}
