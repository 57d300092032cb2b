import GRDB

/// Migrations for the screening lists, registered after the evidence migrations.
enum SQLiteScreeningSchema {
    static func register(in migrator: inout DatabaseMigrator) {}
}
