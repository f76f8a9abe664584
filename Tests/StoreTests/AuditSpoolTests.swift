import Foundation
import JSON
import Testing

@testable import Store

/// The audit spool: what the audit log queues while its store is down, kept on disk.
@Suite struct AuditSpoolTests {
    func spool() -> AuditSpool {
        AuditSpool(directory: temporaryDirectory(), replica: "host:8080")
    }

    let row = AuditEntry(
        time: Date(timeIntervalSince1970: 1_796_054_400.123_456), kind: .toolCall, grant: "alice", session: "s-1", server: "crm",
        tool: "DeletePerson", decision: "deny", rule: "/default", reason: "policy state unavailable", argumentsDigest: "ab12",
        arguments: #"{"id":"p1"}"#, detail: ["hidden": ["a", "b"]])

    @Test func rowsAndOutcomesComeBackAsTheyWereWritten() throws {
        let spool = spool()
        let completion = AuditCompletion(id: 42, outcome: .toolError, latencyMs: 12.5, error: "boom")
        try spool.append(rows: [row], completions: [completion])
        try spool.append(rows: [AuditEntry(kind: .sessionClosed, server: "crm")], completions: [])
        let contents = try spool.load()
        #expect(contents.rows.count == 2)
        #expect(contents.rows.first == row)
        #expect(contents.rows.last?.kind == .sessionClosed)
        #expect(contents.completions == [completion])
        #expect(contents.unreadableLines == 0)
    }

    @Test func theFileIsNamedAfterTheReplicaAndKeptPrivate() throws {
        let spool = spool()
        #expect(spool.path.hasSuffix("/audit-spool-host-8080.jsonl"))
        try spool.append(rows: [row], completions: [])
        let permissions = try FileManager.default.attributesOfItem(atPath: spool.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aLineTornByACrashIsSkipped() throws {
        let spool = spool()
        try spool.append(rows: [row], completions: [])
        let handle = try #require(FileHandle(forWritingAtPath: spool.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"row": {"time": 17960"#.utf8))
        try handle.close()
        let contents = try spool.load()
        #expect(contents.rows == [row])
        #expect(contents.unreadableLines == 1)
    }

    @Test func noFileMeansNothingSpooledAndClearingRemovesIt() throws {
        let spool = spool()
        #expect(try spool.load().isEmpty)
        try spool.append(rows: [row], completions: [])
        try spool.clear()
        #expect(!FileManager.default.fileExists(atPath: spool.path))
        try spool.clear()
    }

    @Test func anOutageIsSpooledAndARestartedLogWritesItOnceTheStoreIsBack() async throws {
        try await withStores(.sqlite) { stores in
            let spool = spool()
            let server = unique("srv")
            let store = SwitchableAuditStore(store: stores.audit)
            let admitted = try await AuditLog(store: store).record(AuditEntry(kind: .toolCall, server: server, tool: "before"))
            await store.goDown()

            let log = AuditLog(store: store, spool: spool)
            await #expect(throws: StoreError.self) { try await log.record(AuditEntry(kind: .toolCall, server: server, tool: "refused")) }
            await log.recordLater(AuditEntry(kind: .toolCall, server: server, tool: "refused", decision: "deny"))
            await log.complete(AuditCompletion(id: admitted, outcome: .ok, latencyMs: 3))
            let spooled = try spool.load()
            #expect(spooled.rows.map(\.tool) == ["refused"])
            #expect(spooled.completions.map(\.id) == [admitted])

            // The gateway stops during the outage; a new one starts once the store is back.
            await store.comeBack()
            let restarted = AuditLog(store: store, spool: spool)
            try await restarted.flush()
            let rows = try await stores.audit.query(AuditFilter(server: server))
            #expect(Set(rows.map(\.tool)) == ["before", "refused"])
            #expect(rows.first { $0.tool == "before" }?.outcome == .ok)
            #expect(!FileManager.default.fileExists(atPath: spool.path))
        }
    }

    @Test func nothingIsSpooledWhileTheStoreTakesWrites() async throws {
        try await withStores(.sqlite) { stores in
            let spool = spool()
            let log = AuditLog(store: stores.audit, spool: spool)
            let id = try await log.record(AuditEntry(kind: .toolCall, server: unique("srv"), tool: "a"))
            await log.complete(AuditCompletion(id: id, outcome: .ok, latencyMs: 1))
            await log.recordLater(AuditEntry(kind: .sessionClosed))
            try await log.flush()
            #expect(!FileManager.default.fileExists(atPath: spool.path))
        }
    }
}

/// An audit store that can be taken down and brought back, in front of a real one.
actor SwitchableAuditStore: AuditStore {
    let store: any AuditStore
    private var isDown = false

    init(store: any AuditStore) {
        self.store = store
    }

    func goDown() { isDown = true }
    func comeBack() { isDown = false }

    func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64] {
        if isDown { throw StoreError.unavailable("audit log: the database is down") }
        return try await store.write(appending: entries, completing: completions)
    }

    func query(_ filter: AuditFilter) async throws -> [AuditEntry] {
        try await store.query(filter)
    }
}
