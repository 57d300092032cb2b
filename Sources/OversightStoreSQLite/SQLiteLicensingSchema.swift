import GRDB
import OversightStore

/// Migrations for the licensing datasets (not evidence claims), registered after every earlier migration.
enum SQLiteLicensingSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-licensing-datasets") { db in
            try db.execute(sql: """
                CREATE TABLE licensing_dataset (
                    name TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    file TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    row_count INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE licensing_figure (
                    dataset TEXT NOT NULL REFERENCES licensing_dataset(name) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    year INTEGER NOT NULL,
                    exporter TEXT NOT NULL,
                    exporter_name TEXT NOT NULL,
                    destination TEXT,
                    destination_name TEXT NOT NULL,
                    region TEXT,
                    rating TEXT NOT NULL,
                    measure TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    currency TEXT,
                    embargo INTEGER,
                    licence TEXT,
                    PRIMARY KEY (dataset, position)
                ) STRICT, WITHOUT ROWID;
                """)
        }
    }
}
