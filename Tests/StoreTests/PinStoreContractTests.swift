import Foundation
import Testing
@testable import Store

/// One suite every pin store passes.
@Suite struct PinStoreContractTests {
    static let kinds = StoreKind.available.filter { $0 != .memory }

    func tool(_ name: String, _ version: String) -> ObservedTool {
        ObservedTool(name: name, hash: "\(name)-\(version)", definition: #"{"name":"\#(name)","description":"\#(version)"}"#)
    }

    @Test(arguments: kinds)
    func firstListingPinsThenChangesAndNewToolsAwaitApproval(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let pins = stores.pins, server = unique("srv")
            let first = try await pins.observe(server: server, tools: [tool("a", "v1"), tool("b", "v1")], at: Date())
            #expect(first.map(\.status) == [.pinned, .pinned])
            let again = try await pins.observe(server: server, tools: [tool("a", "v1"), tool("b", "v2"), tool("c", "v1")], at: Date())
            #expect(again.map(\.status) == [.unchanged, .changed, .new])
            #expect(try await pins.pendingChanges().filter { $0.server == server }.map(\.tool) == ["b", "c"])
            let approved = try await pins.approve(server: server, tool: "b", by: "admin", at: Date())
            #expect(approved.hash == "b-v2" && !approved.needsApproval)
            let third = try await pins.observe(server: server, tools: [tool("a", "v1"), tool("b", "v2"), tool("c", "v1")], at: Date())
            #expect(third.map(\.status) == [.unchanged, .unchanged, .new])
            await #expect(throws: StoreError.self) { try await pins.approve(server: server, tool: "a", by: "admin", at: Date()) }
        }
    }

    @Test(arguments: kinds)
    func aChangePutBackClearsItself(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let pins = stores.pins, server = unique("srv")
            _ = try await pins.observe(server: server, tools: [tool("a", "v1")], at: Date())
            _ = try await pins.observe(server: server, tools: [tool("a", "evil")], at: Date())
            #expect(try await pins.pins(server: server).first?.needsApproval == true)
            let back = try await pins.observe(server: server, tools: [tool("a", "v1")], at: Date())
            #expect(back.map(\.status) == [.unchanged])
            #expect(try await pins.pins(server: server).first?.needsApproval == false)
        }
    }
}

/// One suite every policy version store passes.
@Suite struct PolicyVersionStoreContractTests {
    @Test(arguments: StoreKind.available.filter { $0 != .memory })
    func versionsAreNumberedAndKept(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let versions = stores.policyVersions, server = unique("srv")
            #expect(try await versions.latest(server: server) == nil)
            let v1 = try await versions.append(server: server, document: "{}", by: "alice", comment: nil, at: Date())
            let v2 = try await versions.append(server: server, document: #"{"version":"1"}"#, by: "bob", comment: "tighten", at: Date())
            #expect((v1.number, v2.number) == (1, 2))
            #expect(try await versions.history(server: server).map(\.number) == [2, 1])
            #expect(try await versions.version(server: server, number: 1)?.createdBy == "alice")
            #expect(try await versions.latest(server: server)?.comment == "tighten")
        }
    }
}
