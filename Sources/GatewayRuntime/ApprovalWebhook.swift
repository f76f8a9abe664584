import AsyncHTTPClient
import Foundation
import Gateway
import JSON
import Logging
import NIOCore
import Store

/// `approvals.webhook`: every newly queued request is POSTed as JSON (the same object as
/// `GET /api/approvals` lists) so a team can route approvals to chat. Fire and forget: the
/// hold never waits for it, and a failure is only logged.
struct ApprovalWebhook: Sendable {
    let url: String
    let client: HTTPClient
    let logger: Logger
    static let timeout = TimeAmount.seconds(10)

    func announce(_ request: ApprovalRequest) {
        Task { await post(request) }
    }

    func post(_ approval: ApprovalRequest) async {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "gatehouse")
        request.body = .bytes(ByteBuffer(string: JSONWriter().string(["event": "approval_requested", "approval": approval.json])))
        do {
            let response = try await client.execute(request, timeout: Self.timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(response.status.code) {
                logger.warning("the approvals webhook answered \(response.status.code)", metadata: ["approval": "\(approval.id)"])
            }
        } catch {
            logger.warning("the approvals webhook failed: \(error)", metadata: ["approval": "\(approval.id)"])
        }
    }
}
