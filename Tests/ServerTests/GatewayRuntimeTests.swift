import Foundation
import GatewayRuntime
import Logging
import Store
import Testing

/// `serve` and `stdio` run the same background loops (``GatewayRuntime/runLoops()``): among
/// them the sweep that `stdio` used to go without.
@Suite struct GatewayRuntimeTests {
    @Test func theLoopsCloseARequestHeldByAGatewayThatIsGone() async throws {
        let fixture = try BuilderFixture()
        let runtime = GatewayRuntime(fixture.assembly, stores: fixture.stores, logger: Logger(label: "runtime-tests"))
        let expired = Date() - 3_600
        let abandoned = ApprovalRequest(server: "crm", tool: "deleteOnePerson", arguments: "{}", grant: "agent", session: "s1",
                                        rule: "/tools/deleteOnePerson", requestedAt: expired - 300, expiresAt: expired,
                                        replica: "gatehouse@crashed/stdio-1")
        try await fixture.stores.approvals.create(abandoned)
        let running = Task { await runtime.runLoops() }
        // The store's own wait: it returns once the request is no longer pending.
        let closed = try await fixture.stores.approvals.waitForDecision(id: abandoned.id, until: Date() + 60)
        #expect(closed.status == .timedOut)
        running.cancel()
        await running.value
    }
}
