import Foundation
import JSON
import NIOCore
import Store
import Testing
import TestSupport

@testable import Gateway

/// `subscriptions/listen`: the filter the gateway honours, which audit rows mean a changed tool
/// list, and streams over a real SQLite audit log on a clock the test moves, fed by the audit
/// log and by the pool's upstream changes.
@Suite struct ListenSubscriptionTests {
    struct FilterCase: Sendable, CustomTestStringConvertible {
        var params: String
        var honoured: ListenFilter?
        var testDescription: String { params }
    }

    static let filters: [FilterCase] = [
        FilterCase(params: #"{"notifications":{"toolsListChanged":true}}"#, honoured: ListenFilter(toolsListChanged: true)),
        FilterCase(params: #"{"notifications":{"toolsListChanged":true,"promptsListChanged":true,"resourceSubscriptions":["file:///a"]}}"#,
                   honoured: ListenFilter(toolsListChanged: true, promptsListChanged: true, resourceSubscriptions: ["file:///a"])),
        FilterCase(params: #"{"notifications":{"resourcesListChanged":true}}"#, honoured: ListenFilter(resourcesListChanged: true)),
        FilterCase(params: #"{}"#, honoured: ListenFilter()),
        FilterCase(params: #"{"notifications":{"toolsListChanged":true,"somethingNew":1}}"#, honoured: ListenFilter(toolsListChanged: true)),
        FilterCase(params: #"{"notifications":{"toolsListChanged":"yes"}}"#, honoured: nil),
        FilterCase(params: #"{"notifications":{"resourceSubscriptions":"file:///a"}}"#, honoured: nil),
        FilterCase(params: #"{"notifications":[]}"#, honoured: nil),
    ]

    @Test(arguments: filters)
    func theGatewayHonoursEveryTypeTheFilterDefines(_ c: FilterCase) throws {
        #expect(ListenFilter(params: try JSONParser.parse(c.params))?.honoured == c.honoured)
    }

    struct RowCase: Sendable, CustomTestStringConvertible {
        var label: String
        var row: AuditEntry
        var notifies: Bool
        var testDescription: String { label }
    }

    static let rows: [RowCase] = [
        RowCase(label: "a policy reloaded", row: AuditEntry(kind: .policyReloaded, server: "crm", decision: "accepted"), notifies: true),
        RowCase(label: "another server's policy", row: AuditEntry(kind: .policyReloaded, server: "billing", decision: "accepted"), notifies: false),
        RowCase(label: "a rejected policy file", row: AuditEntry(kind: .policyRejected, server: "crm", decision: "rejected"), notifies: false),
        RowCase(label: "a pin that changed", row: AuditEntry(kind: .pinChanged, server: "crm", decision: "changed"), notifies: true),
        RowCase(label: "a pin approved", row: AuditEntry(kind: .pinChanged, server: "crm", decision: "approved"), notifies: true),
        RowCase(label: "a first-seen pin", row: AuditEntry(kind: .pinChanged, server: "crm", decision: "pinned"), notifies: false),
        RowCase(label: "a call", row: AuditEntry(kind: .toolCall, server: "crm", decision: "allow"), notifies: false),
    ]

    @Test(arguments: rows)
    func whichRowsMeanTheToolListChanged(_ c: RowCase) {
        #expect((ListenMessages.change(for: c.row, server: "crm") != nil) == c.notifies)
    }

    @Test func theStreamIsAcknowledgedThenNotifiesOnAReloadAndKeepsAlive() async throws {
        let database = try SQLiteDatabase(directory: temporaryFolder())
        let store = SQLiteAuditStore(database: database)
        let audit = AuditLog(store: store)
        _ = try await audit.record(AuditEntry(kind: .policyReloaded, server: "crm", decision: "accepted"))
        try await audit.flush()
        let clock = ManualClock()
        let subscription = ListenSubscription(id: .string("listen-1"), server: "crm", filter: ListenFilter(toolsListChanged: true),
                                              audit: store, timing: StreamTiming(clock: clock, poll: .seconds(1), keepAlive: .seconds(3)))
        let (parts, output) = AsyncStream.makeStream(of: String.self)
        let running = Task {
            try await subscription.run(stopping: { false }) { part in
                switch part {
                case .message(let message): output.yield(String(buffer: message))
                case .keepAlive: output.yield("keep-alive")
                }
            }
        }
        var iterator = parts.makeAsyncIterator()
        let ack = try JSONParser.parse(try #require(await iterator.next()))
        #expect(ack["method"] == "notifications/subscriptions/acknowledged")
        #expect(ack["params"]?["notifications"] == ["toolsListChanged": true])
        #expect(ack["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == "listen-1")

        await clock.sleepers(atLeast: 1)
        _ = try await audit.record(AuditEntry(kind: .policyReloaded, server: "crm", decision: "accepted"))
        _ = try await audit.record(AuditEntry(kind: .pinChanged, server: "crm", decision: "changed"))
        try await audit.flush()
        clock.advance(by: .seconds(1))
        let changed = try JSONParser.parse(try #require(await iterator.next()))
        #expect(changed["method"] == "notifications/tools/list_changed", "the row from before the stream opened is not news; two new rows are one notification")
        #expect(changed["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == "listen-1")

        for _ in 0..<3 {
            await clock.sleepers(atLeast: 1)
            clock.advance(by: .seconds(1))
        }
        #expect(await iterator.next() == "keep-alive")
        running.cancel()
        _ = try? await running.value
    }

    @Test func aStoppingGatewayClosesTheSubscriptionWithItsAnswer() async throws {
        let store = SQLiteAuditStore(database: try SQLiteDatabase(directory: temporaryFolder()))
        let subscription = ListenSubscription(id: .number(7), server: "crm", filter: ListenFilter(), audit: store, timing: StreamTiming())
        var written: [String] = []
        try await subscription.run(stopping: { true }) { part in
            if case .message(let message) = part { written.append(String(buffer: message)) }
        }
        #expect(written.count == 2)
        let closing = try JSONParser.parse(written[1])
        #expect(closing["id"] == 7 && closing["result"]?["resultType"] == "complete")
        #expect(closing["result"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == 7)
    }
}
