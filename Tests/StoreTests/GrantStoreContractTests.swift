import Foundation
import Testing
@testable import Store
import TestSupport

/// One suite every grant store passes.
@Suite struct GrantStoreContractTests {
    static let kinds = StoreKind.available.filter { $0 != .memory }

    @Test(arguments: kinds)
    func aCreatedGrantAuthenticatesWithItsTokenOnly(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let name = unique("alice")
            let issued = try await stores.grants.create(name: name, servers: ["demo", "time"])
            #expect(issued.token.hasPrefix("gh_"))
            #expect(issued.token.count == 46)
            let found = try await stores.grants.authenticate(token: issued.token)
            #expect(found?.id == issued.grant.id)
            #expect(found?.name == name)
            #expect(found?.servers == ["demo", "time"])
            #expect(abs((found?.createdAt ?? .distantPast).timeIntervalSince(issued.grant.createdAt)) < 0.001)
            #expect(found?.covers(server: "time") == true)
            #expect(found?.covers(server: "git") == false)
            #expect(try await stores.grants.authenticate(token: GrantToken.generate()) == nil)
            #expect(try await stores.grants.authenticate(token: "not a token") == nil)
        }
    }

    @Test(arguments: kinds)
    func tokensAreRandomAndStoredOnlyAsHashes(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let first = try await stores.grants.create(name: unique("a"), servers: ["demo"])
            let second = try await stores.grants.create(name: unique("b"), servers: ["demo"])
            #expect(first.token != second.token)
            #expect(GrantToken.hash(first.token).count == 64)
            #expect(GrantToken.hash(first.token) != first.token)
        }
    }

    @Test(arguments: kinds)
    func aDuplicateNameIsAConflictEvenAfterRevocation(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let name = unique("bob")
            _ = try await stores.grants.create(name: name, servers: ["demo"])
            await #expect(throws: StoreError.self) { try await stores.grants.create(name: name, servers: ["time"]) }
            _ = try await stores.grants.revoke(name: name)
            await #expect(throws: StoreError.self) { try await stores.grants.create(name: name, servers: ["time"]) }
        }
    }

    @Test(arguments: kinds)
    func badNamesAndEmptyServerListsAreRefused(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            for name in ["", "two words", "semi;colon", String(repeating: "x", count: 65)] {
                await #expect(throws: StoreError.self) { try await stores.grants.create(name: name, servers: ["demo"]) }
            }
            await #expect(throws: StoreError.self) { try await stores.grants.create(name: unique("c"), servers: []) }
        }
    }

    @Test(arguments: kinds)
    func aRevokedGrantNoLongerAuthenticatesButIsStillListed(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let name = unique("carol")
            let issued = try await stores.grants.create(name: name, servers: ["demo"])
            let revoked = try await stores.grants.revoke(name: name)
            #expect(revoked.isRevoked)
            #expect(try await stores.grants.authenticate(token: issued.token) == nil)
            let listed = try await stores.grants.list().first { $0.name == name }
            #expect(listed?.isRevoked == true)
            #expect(listed?.covers(server: "demo") == false)
            let again = try await stores.grants.revoke(name: name)
            #expect(again.revokedAt == revoked.revokedAt)
            await #expect(throws: StoreError.self) { try await stores.grants.revoke(name: unique("nobody")) }
        }
    }

    @Test(arguments: kinds)
    func aGrantCreatedThroughAnotherConnectionAuthenticatesAtOnce(kind: StoreKind) async throws {
        try await withStores(kind, count: 2) { stores in
            let issued = try await stores[1].grants.create(name: unique("dave"), servers: ["demo"])
            #expect(try await stores[0].grants.authenticate(token: issued.token)?.name == issued.grant.name)
            #expect(try await stores[0].grants.grant(named: issued.grant.name)?.servers == ["demo"])
        }
    }
}

/// The authenticator's cache in front of a real store.
@Suite struct GrantAuthenticatorTests {
    @Test func aRevocationElsewhereTakesEffectWithinTheTimeToLive() async throws {
        try await withStores(.sqlite, count: 2) { stores in
            let clock = ManualClock()
            let authenticator = GrantAuthenticator(store: stores[0].grants, timeToLive: .milliseconds(200), clock: clock)
            let issued = try await stores[1].grants.create(name: unique("erin"), servers: ["demo"])
            #expect(try await authenticator.authenticate(token: issued.token)?.name == issued.grant.name)
            _ = try await stores[1].grants.revoke(name: issued.grant.name)
            clock.advance(by: .milliseconds(199))
            #expect(try await authenticator.authenticate(token: issued.token)?.name == issued.grant.name)
            clock.advance(by: .milliseconds(101))
            #expect(try await authenticator.authenticate(token: issued.token) == nil)
        }
    }

    @Test func aGrantCreatedAfterAMissWorksAtOnce() async throws {
        try await withStores(.sqlite) { stores in
            let authenticator = GrantAuthenticator(store: stores.grants, timeToLive: .seconds(60))
            #expect(try await authenticator.authenticate(token: GrantToken.generate()) == nil)
            let issued = try await stores.grants.create(name: unique("frank"), servers: ["demo"])
            #expect(try await authenticator.authenticate(token: issued.token) != nil)
        }
    }

    @Test func forgettingMakesARevocationInThisProcessImmediate() async throws {
        try await withStores(.sqlite) { stores in
            let authenticator = GrantAuthenticator(store: stores.grants, timeToLive: .seconds(60))
            let issued = try await stores.grants.create(name: unique("gina"), servers: ["demo"])
            #expect(try await authenticator.authenticate(token: issued.token) != nil)
            _ = try await stores.grants.revoke(name: issued.grant.name)
            #expect(try await authenticator.authenticate(token: issued.token) != nil)
            authenticator.forgetAll()
            #expect(try await authenticator.authenticate(token: issued.token) == nil)
        }
    }

    @Test func aFullCacheStillAnswersCorrectly() async throws {
        try await withStores(.sqlite) { stores in
            let authenticator = GrantAuthenticator(store: stores.grants, capacity: 4)
            let issued = try await stores.grants.create(name: unique("hal"), servers: ["demo"])
            for _ in 0..<10 { _ = try await authenticator.authenticate(token: GrantToken.generate()) }
            #expect(try await authenticator.authenticate(token: issued.token)?.name == issued.grant.name)
        }
    }
}
