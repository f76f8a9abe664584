import GRDB

/// Every table of the SQLite store, as an ordered list of named migrations.
///
/// Each feature declares its tables next to its store type; this list only fixes the order.
/// Never edit a migration that has shipped: add a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("counters-v1", migrate: SQLiteCounterStore.createTables)
        return migrator
    }
}
