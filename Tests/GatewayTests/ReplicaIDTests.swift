import Testing
@testable import Gateway

/// Session ids name the replica that holds the session.
@Suite struct ReplicaIDTests {
    @Test func sessionIDsStartWithTheReplicaName() throws {
        let replica = try ReplicaID("eu-1_a")
        let id = GatewaySession.newID(replica: replica)
        #expect(id.hasPrefix("eu-1_a."))
        #expect(id.count == "eu-1_a.".count + 32)
        #expect(ReplicaID.owner(ofSession: id) == "eu-1_a")
        #expect(GatewaySession.newID(replica: replica) != id)
    }

    @Test(arguments: ["", "a.b", "with space", "ünï", String(repeating: "x", count: 33), "a/b"])
    func refusesNamesThatCannotPrefixASessionID(name: String) {
        #expect(throws: ReplicaID.Invalid.self) { try ReplicaID(name) }
    }

    @Test func aSessionIDWithoutAReplicaNamesNone() {
        #expect(ReplicaID.owner(ofSession: "0123456789abcdef0123456789abcdef") == nil)
        #expect(ReplicaID.owner(ofSession: "bad name.0123") == nil)
    }

    @Test func randomNamesAreValidAndDiffer() throws {
        let names = Set((0..<20).map { _ in ReplicaID.random().name })
        #expect(names.count > 15)
        for name in names { _ = try ReplicaID(name) }
    }
}
