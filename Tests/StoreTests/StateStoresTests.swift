import Foundation
import Testing
@testable import Store

/// Every command opens state the same way: one location, every store.
@Suite struct StateStoresTests {
    @Test func readsStoreURLsAndDefaultsToSQLiteInTheDataFolder() throws {
        #expect(try StoreLocation.resolve(store: nil, dataDirectory: "data") == .sqlite(directory: "data"))
        #expect(try StoreLocation.resolve(store: "", dataDirectory: "data") == .sqlite(directory: "data"))
        #expect(try StoreLocation(parsing: "postgres://u@h/db") == .postgres(url: "postgres://u@h/db"))
        #expect(try StoreLocation(parsing: "postgresql://u@h/db") == .postgres(url: "postgresql://u@h/db"))
        #expect(try StoreLocation(parsing: "sqlite:/var/lib/gatehouse") == .sqlite(directory: "/var/lib/gatehouse"))
        #expect(try StoreLocation(parsing: "sqlite://state") == .sqlite(directory: "state"))
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "mysql://h/db") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "sqlite:") }
    }

    @Test func describesALocationWithoutItsPassword() {
        #expect(StoreLocation.postgres(url: "postgres://gate:hunter2@db:5432/g").description == "postgres://gate:***@db:5432/g")
        #expect(StoreLocation.sqlite(directory: "/tmp/x").description == "/tmp/x/gatehouse.sqlite")
    }

    @Test(arguments: StoreKind.available.filter { $0 != .memory })
    func opensEveryStoreOnOneBackend(kind: StoreKind) async throws {
        let location: StoreLocation = kind == .sqlite ? .sqlite(directory: temporaryDirectory()) : .postgres(url: try #require(StoreKind.postgresURL))
        let name = unique("cli")
        try await StateStores.withOpen(location) { stores async throws -> Void in
            _ = try await stores.grants.create(name: name, servers: ["demo"])
            _ = try await stores.audit.append([AuditEntry(kind: .sessionOpened, grant: name)])
        }
        try await StateStores.withOpen(location) { stores async throws -> Void in
            #expect(try await stores.grants.grant(named: name) != nil)
            #expect(try await stores.audit.query(AuditFilter(grant: name)).count == 1)
            #expect(try await stores.policyVersions.latest(server: unique("none")) == nil)
        }
    }
}
