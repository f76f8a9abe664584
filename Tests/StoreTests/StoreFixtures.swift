import Foundation
import Policy
@testable import Store

/// The stores the shared suites run against. PostgreSQL runs when GATEHOUSE_TEST_POSTGRES_URL
/// names a server (scripts/test starts one with scripts/postgres).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"]

    /// The kinds that can run here.
    static var available: [StoreKind] {
        allCases.filter { $0 != .postgres || postgresURL != nil }
    }
}

import Testing

func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-store-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A unique suffix, so tests sharing one PostgreSQL database never share a counter.
func unique(_ name: String) -> String {
    "\(name)-\(UUID().uuidString.prefix(8))"
}

/// Runs `body` with `count` counter stores of one kind that share state (one file, one database)
/// — `count` > 1 stands for several gateway processes.
func withCounterStores(_ kind: StoreKind, count: Int = 1, _ body: @Sendable ([any CounterStore]) async throws -> Void) async throws {
    switch kind {
    case .memory:
        let store = InMemoryCounterStore()
        try await body(Array(repeating: store, count: count))
    case .sqlite:
        let directory = temporaryDirectory()
        let stores = try (0..<count).map { _ in SQLiteCounterStore(database: try SQLiteDatabase(directory: directory)) }
        try await body(stores)
    case .postgres:
        let url = try #require(StoreKind.postgresURL)
        try await withPostgres(url: url, count: count) { databases in
            try await body(databases.map(PostgresCounterStore.init))
        }
    }
}

/// `count` independent pools on one PostgreSQL database, each running for the duration of `body`.
func withPostgres(url: String, count: Int, _ body: @Sendable ([PostgresDatabase]) async throws -> Void) async throws {
    let databases = try (0..<count).map { _ in try PostgresDatabase(url: url) }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for database in databases {
            group.addTask { await database.run() }
        }
        defer { group.cancelAll() }
        for database in databases { try await database.migrate() }
        try await body(databases)
    }
}

/// The state stores of one backend (everything but counters, which also run in memory).
struct TestStores: Sendable {
    var approvals: any ApprovalStore
    var pins: any PinStore
    var policyVersions: any PolicyVersionStore
    var grants: any GrantStore
    var audit: any AuditStore
}

func withStores(_ kind: StoreKind, _ body: @Sendable (TestStores) async throws -> Void) async throws {
    try await withStores(kind, count: 1) { try await body($0[0]) }
}

/// `count` sets of stores sharing one backend (one SQLite file, one PostgreSQL database).
func withStores(_ kind: StoreKind, count: Int, _ body: @Sendable ([TestStores]) async throws -> Void) async throws {
    switch kind {
    case .memory:
        Issue.record("no in-memory implementation of these stores")
    case .sqlite:
        let directory = temporaryDirectory()
        let sets = try (0..<count).map { _ in
            let database = try SQLiteDatabase(directory: directory)
            return TestStores(approvals: SQLiteApprovalStore(database: database), pins: SQLitePinStore(database: database),
                              policyVersions: SQLitePolicyVersionStore(database: database), grants: SQLiteGrantStore(database: database),
                              audit: SQLiteAuditStore(database: database))
        }
        try await body(sets)
    case .postgres:
        let url = try #require(StoreKind.postgresURL)
        try await withPostgres(url: url, count: count) { databases in
            try await body(databases.map { database in
                TestStores(approvals: PostgresApprovalStore(database: database), pins: PostgresPinStore(database: database),
                           policyVersions: PostgresPolicyVersionStore(database: database), grants: PostgresGrantStore(database: database),
                           audit: PostgresAuditStore(database: database))
            })
        }
    }
}
