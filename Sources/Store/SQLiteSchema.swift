import GRDB

/// Every table of the SQLite store, as an ordered list of named migrations.
///
/// Each feature declares its tables next to its store type; this list only fixes the order.
/// Never edit a migration that has shipped: add a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("counters-v1", migrate: SQLiteCounterStore.createTables)
        migrator.registerMigration("approvals-v1", migrate: SQLiteApprovalStore.createTables)
        migrator.registerMigration("pins-v1", migrate: SQLitePinStore.createTables)
        migrator.registerMigration("policy-versions-v1", migrate: SQLitePolicyVersionStore.createTables)
        migrator.registerMigration("grants-v1", migrate: SQLiteGrantStore.createTables)
        migrator.registerMigration("audit-v1", migrate: SQLiteAuditStore.createTables)
        migrator.registerMigration("counters-v2-totals", migrate: SQLiteCounterStore.createTotals)
        migrator.registerMigration("audit-v2-forwarded-by", migrate: SQLiteAuditStore.addForwardedBy)
        return migrator
    }
}
