import Foundation
import JSON
import Policy
import Testing
import TestSupport
@testable import Store

/// One suite every audit store passes.
@Suite struct AuditStoreContractTests {
    static let kinds = StoreKind.available.filter { $0 != .memory }

    func call(_ tool: String, server: String, grant: String = "alice", decision: String = "allow", at time: Date = Date()) -> AuditEntry {
        AuditEntry(time: time, kind: .toolCall, grant: grant, session: "s1", server: server, tool: tool, decision: decision,
                   rule: "/tools/\(tool)", reason: decision == "allow" ? nil : "no", argumentsDigest: "abc", arguments: #"{"id":1}"#)
    }

    @Test(arguments: kinds)
    func aBatchGetsIncreasingIdsAndEveryFieldRoundTrips(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let server = unique("srv")
            let detail: JSONValue = ["hidden": 3, "names": ["a", "b"]]
            let time = Date(timeIntervalSince1970: 1_800_000_000.25)
            let full = AuditEntry(
                time: time, kind: .toolCall, grant: "alice", session: "s1", server: server, tool: "UpdatePerson", decision: "rate_limited",
                rule: "/tools/UpdatePerson/limits/0", reason: "30 per minute", argumentsDigest: "d1", arguments: #"{"a":1}"#,
                outcome: .toolError, latencyMs: 12.5, error: "boom", detail: detail, forwardedBy: "gatehouse@host:8080")
            let ids = try await stores.audit.append([full, call("ListPeople", server: server), call("GetPerson", server: server)])
            #expect(ids.count == 3)
            #expect(ids == ids.sorted() && Set(ids).count == 3)
            let rows = try await stores.audit.query(AuditFilter(server: server))
            #expect(rows.map(\.id) == ids.reversed().map(Optional.some))
            var expected = full
            expected.id = ids[0]
            #expect(rows.last == expected)
        }
    }

    @Test(arguments: kinds)
    func completionsFillInTheOutcome(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let server = unique("srv")
            let ids = try await stores.audit.append([call("a", server: server), call("b", server: server)])
            try await stores.audit.complete([AuditCompletion(id: ids[0], outcome: .ok, latencyMs: 3.25),
                                             AuditCompletion(id: ids[1], outcome: .failed, latencyMs: 7, error: "upstream exited")])
            let rows = try await stores.audit.query(AuditFilter(server: server, order: .oldestFirst))
            #expect(rows.map(\.outcome) == [.ok, .failed])
            #expect(rows.map(\.latencyMs) == [3.25, 7])
            #expect(rows.map(\.error) == [nil, "upstream exited"])
        }
    }

    /// Issue 12: at a replica's start, the calls it forwarded and never saw end become interrupted;
    /// finished rows, refused rows and other replicas' rows are left alone.
    @Test(arguments: kinds)
    func interruptsOnlyTheUnfinishedCallsOfOneReplica(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let server = unique("srv")
            let me = unique("replica")
            func forwarded(_ tool: String, by replica: String?) -> AuditEntry {
                var entry = call(tool, server: server)
                entry.forwardedBy = replica
                return entry
            }
            let ids = try await stores.audit.append([
                forwarded("inFlight", by: me), forwarded("done", by: me), forwarded("other", by: unique("replica")),
                call("refused", server: server, decision: "deny"), forwarded("alsoInFlight", by: me),
                AuditEntry(kind: .sessionOpened, session: "s1", server: server, forwardedBy: me),
            ])
            try await stores.audit.complete([AuditCompletion(id: ids[1], outcome: .ok, latencyMs: 1)])
            let count = try await stores.audit.interruptUnfinished(forwardedBy: me, error: "gateway restarted")
            #expect(count == 2)
            let rows = try await stores.audit.query(AuditFilter(server: server, order: .oldestFirst))
            #expect(rows.map(\.outcome) == [.interrupted, .ok, nil, nil, .interrupted, nil])
            #expect(rows.map(\.error) == ["gateway restarted", nil, nil, nil, "gateway restarted", nil])
            #expect(try await stores.audit.interruptUnfinished(forwardedBy: me, error: "again") == 0)
        }
    }

    @Test(arguments: kinds)
    func rowsAndCompletionsGoInOneWrite(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let server = unique("srv")
            let first = try await stores.audit.append([call("a", server: server)])
            let second = try await stores.audit.write(appending: [call("b", server: server)],
                                                      completing: [AuditCompletion(id: first[0], outcome: .timeout, latencyMs: 120_000)])
            #expect(second.count == 1 && second[0] > first[0])
            #expect(try await stores.audit.query(AuditFilter(server: server, tool: "a")).first?.outcome == .timeout)
        }
    }

    @Test(arguments: kinds)
    func filtersNarrowByEveryField(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let server = unique("srv"), other = unique("srv")
            let now = Date()
            _ = try await stores.audit.append([
                call("a", server: server, grant: "alice", decision: "allow", at: now - 3600),
                call("b", server: server, grant: "bob", decision: "deny", at: now - 60),
                call("a", server: other, grant: "alice", decision: "allow", at: now - 30),
                AuditEntry(time: now, kind: .policyReloaded, server: server, detail: ["file": "p.json"]),
            ])
            func tools(_ filter: AuditFilter) async throws -> [String?] { try await stores.audit.query(filter).map(\.tool) }
            #expect(try await tools(AuditFilter(server: server)) == [nil, "b", "a"])
            #expect(try await tools(AuditFilter(server: server, tool: "a")) == ["a"])
            #expect(try await tools(AuditFilter(server: server, grant: "bob")) == ["b"])
            #expect(try await tools(AuditFilter(server: server, decision: "deny")) == ["b"])
            #expect(try await tools(AuditFilter(server: server, kind: .toolCall)) == ["b", "a"])
            #expect(try await tools(AuditFilter(server: server, since: now - 120)) == [nil, "b"])
            #expect(try await tools(AuditFilter(server: server, until: now - 120)) == ["a"])
            #expect(try await tools(AuditFilter(server: server, limit: 1)) == [nil])
            #expect(try await stores.audit.query(AuditFilter(server: server, kind: .policyReloaded)).first?.detail == ["file": "p.json"])
        }
    }

    @Test(arguments: kinds)
    func aTailReadsOnlyRowsAfterAnId(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let server = unique("srv")
            let ids = try await stores.audit.append((0..<5).map { call("t\($0)", server: server) })
            let tail = try await stores.audit.query(AuditFilter(server: server, afterID: ids[1], limit: 2, order: .oldestFirst))
            #expect(tail.map(\.tool) == ["t2", "t3"])
        }
    }

    @Test(arguments: kinds)
    func twoWritersShareOneLogWithUniqueIds(kind: StoreKind) async throws {
        try await withStores(kind, count: 2) { stores in
            let server = unique("srv")
            async let a = stores[0].audit.append((0..<20).map { call("a\($0)", server: server) })
            async let b = stores[1].audit.append((0..<20).map { call("b\($0)", server: server) })
            let ids = try await a + b
            #expect(Set(ids).count == 40)
            #expect(try await stores[0].audit.query(AuditFilter(server: server, limit: 100)).count == 40)
        }
    }
}

/// The batching writer in front of a real store.
@Suite struct AuditLogTests {
    @Test(arguments: AuditStoreContractTests.kinds)
    func manyConcurrentRecordersAreAllDurableWhenTheyResume(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            // The first write is held until every other caller has queued behind it, so the
            // grouping does not depend on how the machine happens to schedule the tasks.
            let gated = GatedAuditStore(store: stores.audit)
            let log = AuditLog(store: gated, maxBatch: 16)
            let server = unique("srv")
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let id = try await log.record(AuditEntry(kind: .toolCall, server: server, tool: "t\(index)"))
                        // Durable on resume: a fresh read already finds the row.
                        let found = try await stores.audit.query(AuditFilter(server: server, tool: "t\(index)"))
                        #expect(found.map(\.id) == [id])
                        return id
                    }
                }
                await log.untilQueued(199)
                await gated.open()
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(Set(ids).count == 200)
            let statistics = await log.statistics
            #expect(statistics.rows == 200)
            // The first caller alone, then the 199 queued ones in batches of at most 16.
            #expect(statistics.transactions == 1 + 13)
        }
    }

    @Test func completionsRideWithTheNextBatchOrAreFlushed() async throws {
        try await withStores(.sqlite) { stores in
            let log = AuditLog(store: stores.audit)
            let server = unique("srv")
            let first = try await log.record(AuditEntry(kind: .toolCall, server: server, tool: "a"))
            await log.complete(AuditCompletion(id: first, outcome: .ok, latencyMs: 1))
            let second = try await log.record(AuditEntry(kind: .toolCall, server: server, tool: "b"))
            #expect(try await stores.audit.query(AuditFilter(server: server, tool: "a")).first?.outcome == .ok)
            await log.complete(AuditCompletion(id: second, outcome: .error, latencyMs: 2, error: "nope"))
            try await log.flush()
            #expect(try await stores.audit.query(AuditFilter(server: server, tool: "b")).first?.error == "nope")
        }
    }

    @Test func runFlushesCompletionsWithoutFurtherRows() async throws {
        try await withStores(.sqlite) { stores in
            // Never down here: it reports each write.
            let audit = AuditStoreWithOutage(stores.audit)
            let clock = ManualClock()
            let log = AuditLog(store: audit, completionDelay: .milliseconds(5), clock: clock)
            let server = unique("srv")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await log.run() }
                var writes = audit.attempts.makeAsyncIterator()
                let id = try await log.record(AuditEntry(kind: .toolCall, server: server, tool: "a"))
                #expect(await writes.next() == true)
                await log.complete(AuditCompletion(id: id, outcome: .ok, latencyMs: 1))
                // run() gathers for `completionDelay`, then writes the outcome alone.
                await clock.sleepers(atLeast: 1)
                clock.advance(by: .milliseconds(5))
                #expect(await writes.next() == true)
                let outcome = try await stores.audit.query(AuditFilter(server: server)).first?.outcome
                #expect(outcome == .ok)
                group.cancelAll()
            }
        }
    }

    @Test func aFailingStoreMakesEveryWaitingRecorderThrow() async throws {
        let log = AuditLog(store: FailingAuditStore())
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await log.record(AuditEntry(kind: .toolCall, tool: "x"))
                        return false
                    } catch {
                        return error is StoreError
                    }
                }
            }
            for await threwStoreError in group { #expect(threwStoreError) }
        }
    }
}

/// A store whose database is gone: the audit log must refuse, never pretend.
struct FailingAuditStore: AuditStore {
    func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64] {
        // Gives the other recorders a turn to queue behind this write.
        await Task.yield()
        throw StoreError.unavailable("audit log: disk I/O error")
    }

    func query(_ filter: AuditFilter) async throws -> [AuditEntry] { [] }
}

/// What the audit log keeps of a call's arguments.
@Suite struct ArgumentRecordingTests {
    let arguments: JSONValue = [
        "name": "Ada", "apiKey": "sk-123", "nested": ["password": "hunter2", "count": 3, "Authorization": "x"],
        "list": [["access_token": "t"], "Bearer abc"], "author": "me", "keyword": "k",
    ]

    @Test func redactedModeHidesSecretLookingValuesAndKeepsTheRest() throws {
        let text = try #require(AuditArgumentsMode.redacted.record(arguments))
        #expect(text == #"{"apiKey":"[redacted]","author":"me","keyword":"k","list":[{"access_token":"[redacted]"},"[redacted]"],"#
                + #""name":"Ada","nested":{"Authorization":"[redacted]","count":3,"password":"[redacted]"}}"#)
    }

    @Test func fullModeKeepsEverythingAndNoneKeepsNothing() {
        #expect(AuditArgumentsMode.full.record(arguments)?.contains("hunter2") == true)
        #expect(AuditArgumentsMode.none.record(arguments) == nil)
    }

    @Test(arguments: [
        ("api_key", true), ("API-Key", true), ("x.api.keys", true), ("key", true), ("Auth", true), ("authHeader", true),
        ("author", false), ("authorName", false), ("keyword", false), ("OTP", true), ("otpCount", false), ("pin", true),
        ("spin", false), ("Session ID", true), ("ÄPI_KEY", true), ("Passwört", false), ("ПАРОЛЬ", false), ("", false),
    ])
    func secretKeysAreFoundInAnyCaseAndSpelling(key: String, secret: Bool) {
        #expect(ArgumentRedactor.isSecretKey(key) == secret)
    }

    @Test(arguments: [
        ("Bearer abc", true), ("BEARER abc", true), ("bearer", false), ("Basic dXNlcg==", true), ("gh_abc", true),
        ("GH_abc", false), ("a note about bearer tokens", false),
        (String(repeating: "x", count: 5_000) + "-----BEGIN RSA PRIVATE KEY-----\nMII", true),
        ("-----BEGIN CERTIFICATE-----", false), ("PRIVATE KEY -----BEGIN", true), ("-----BEGI", false),
    ])
    func credentialsAreFoundWhateverTheirKey(text: String, credential: Bool) {
        #expect(ArgumentRedactor.looksLikeCredential(text) == credential)
    }

    @Test func theDigestIgnoresKeyOrderAndSpacing() throws {
        let a = try JSONParser.parse(#"{"b": 1, "a": {"y": [1, 2], "x": "s"}}"#)
        let b = try JSONParser.parse(#"{"a":{"x":"s","y":[1,2]},"b":1}"#)
        let digester = ArgumentDigester.ephemeral
        #expect(digester.digest(a) == digester.digest(b))
        #expect(digester.digest(a) != digester.digest(["b": 2]))
        #expect(digester.digest(a)?.count == 64)
    }

    @Test func theDigestIsKeyedSoAGuessCannotBeCheckedWithoutTheKey() throws {
        let arguments: JSONValue = ["pin": "1234"]
        let key = ArgumentDigestKey.random()
        let digest = try #require(ArgumentDigester(key: key).digest(arguments))
        #expect(digest != ArgumentRedactor.publicDigest(arguments), "a plain SHA-256 lets anyone test guesses offline")
        #expect(ArgumentDigester(key: ArgumentDigestKey(hex: key.hex)!).digest(arguments) == digest, "the same key, the same digest")
        #expect(ArgumentDigester(key: .random()).digest(arguments) != digest)
        #expect(ArgumentDigester().digest(arguments) == nil, "no key yet: no digest rather than an unkeyed one")
        // HMAC-SHA-256 of the canonical text under the key (as Python's hmac module computes it).
        let known = try #require(ArgumentDigestKey(hex: String(repeating: "0b", count: 32)))
        #expect(ArgumentDigester(key: known).digest(["a": 1]) == "248bdfd7b67b706001ebaee4f3ca559a7295a1e2ba4068bea0abc034492994d9")
    }

    @Test func aToolCallRowCarriesTheDecisionAndTheDigest() {
        let call = ToolCall(tool: "DeletePerson", arguments: ["id": "p1", "token": "t"], grant: "alice", session: "s1")
        let entry = AuditEntry.toolCall(server: "demo", call: call, decision: .deny(reason: "deletes are off", rule: .tool("Delete*")),
                                        arguments: .redacted)
        #expect(entry.kind == .toolCall)
        #expect(entry.decision == "deny")
        #expect(entry.rule == "/tools/Delete*")
        #expect(entry.reason == "deletes are off")
        #expect(entry.arguments == #"{"id":"p1","token":"[redacted]"}"#)
        #expect(entry.argumentsDigest == ArgumentDigester.ephemeral.digest(call.arguments))
    }
}

/// An audit store whose writes wait until ``open()`` is called.
actor GatedAuditStore: AuditStore {
    let store: any AuditStore
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(store: any AuditStore) {
        self.store = store
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64] {
        if !isOpen { await withCheckedContinuation { waiters.append($0) } }
        return try await store.write(appending: entries, completing: completions)
    }

    func query(_ filter: AuditFilter) async throws -> [AuditEntry] {
        try await store.query(filter)
    }
}
