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
        #expect(spool.path.contains("/audit-spool-host-8080-"))
        #expect(AuditSpool.fileSafe("host:8080") != AuditSpool.fileSafe("host-8080"))
        #expect(AuditSpool.fileSafe("replica-a_1") == "replica-a_1")
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

        // The next append starts on a line of its own, so the torn line spoils nothing more.
        try AuditSpool(directory: URL(fileURLWithPath: spool.path).deletingLastPathComponent().path, replica: "host:8080")
            .append(rows: [AuditEntry(kind: .sessionClosed)], completions: [])
        #expect(try spool.load().rows.map(\.kind) == [.toolCall, .sessionClosed])
    }

    @Test func aDrainedLineSkipsWhatTheStoreAlreadyHas() throws {
        let spool = spool()
        let rows = (1...4).map { AuditEntry(kind: .toolCall, tool: "t\($0)") }
        try spool.append(rows: rows, completions: [AuditCompletion(id: 1, outcome: .ok, latencyMs: 1)])
        try spool.markDrained(rows: 3, completions: 1)
        let contents = try spool.load()
        #expect(contents.rows.map(\.tool) == ["t4"])
        #expect(contents.completions.isEmpty)
        #expect(contents.drainedRows == 3)
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

    /// An audit log over a store that is down, with rows r1…r`count` queued after failed writes.
    func outage(over stores: TestStores, rows count: Int, spool: AuditSpool, maxBatch: Int = 256, maxQueued: Int = 100_000)
        async -> (log: AuditLog, store: SwitchableAuditStore, server: String)
    {
        let server = unique("srv")
        let store = SwitchableAuditStore(store: stores.audit)
        await store.goDown()
        let log = AuditLog(store: store, maxBatch: maxBatch, maxQueuedCompletions: maxQueued, spool: spool)
        for index in 1...count { await log.recordLater(AuditEntry(kind: .toolCall, server: server, tool: "r\(index)")) }
        return (log, store, server)
    }

    @Test func aRestartAfterAPartialDrainWritesEachRowOnce() async throws {
        try await withStores(.sqlite) { stores in
            let spool = spool()
            let (log, store, server) = await outage(over: stores, rows: 5, spool: spool, maxBatch: 2)
            #expect(try spool.load().rows.count == 5)

            await store.comeBack()
            try await log.flush()  // two of the five reach the store; then the gateway stops
            #expect(try spool.load().rows.map(\.tool) == ["r3", "r4", "r5"])

            let restarted = AuditLog(store: store, maxBatch: 2, spool: spool)
            for _ in 0..<3 { try await restarted.flush() }
            let tools = try await stores.audit.query(AuditFilter(server: server)).compactMap(\.tool)
            #expect(tools.sorted() == ["r1", "r2", "r3", "r4", "r5"])
            #expect(!FileManager.default.fileExists(atPath: spool.path))
        }
    }

    @Test func anOutageLongerThanTheQueueLeavesTheWholeFileForAPerson() async throws {
        try await withStores(.sqlite) { stores in
            let spool = spool()
            let (log, store, server) = await outage(over: stores, rows: 5, spool: spool, maxQueued: 3)
            await store.comeBack()
            try await log.flush()

            let tools = try await stores.audit.query(AuditFilter(server: server)).compactMap(\.tool)
            #expect(tools.sorted() == ["r3", "r4", "r5"])
            #expect(!FileManager.default.fileExists(atPath: spool.path))
            let folder = URL(fileURLWithPath: spool.path).deletingLastPathComponent().path
            let kept = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".jsonl.to-compare-") }
            #expect(kept.count == 1)
            let text = try String(contentsOfFile: folder + "/" + kept[0], encoding: .utf8)
            #expect(text.contains("\"r1\"") && text.contains("\"r5\""))
        }
    }

    @Test func aSpoolThatCannotBeWrittenLosesNothingTheQueueHolds() async throws {
        try await withStores(.sqlite) { stores in
            let spool = spool()
            // A folder where the file should be: every write to the spool fails.
            try FileManager.default.createDirectory(atPath: spool.path, withIntermediateDirectories: true)
            let (log, store, server) = await outage(over: stores, rows: 3, spool: spool)
            await store.comeBack()
            try await log.flush()
            let tools = try await stores.audit.query(AuditFilter(server: server)).compactMap(\.tool)
            #expect(tools.sorted() == ["r1", "r2", "r3"])
        }
    }

    @Test func aRowQueuedAfterAFailedWriteIsSpooledAtOnce() async throws {
        let spool = spool()
        let log = AuditLog(store: SwitchableAuditStore(store: FailingAuditStore()), spool: spool)
        await log.recordLater(AuditEntry(kind: .toolCall, tool: "refused"))
        #expect(try spool.load().rows.map(\.tool) == ["refused"])
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
