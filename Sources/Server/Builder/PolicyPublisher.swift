import Foundation
import Gateway
import GatewayRuntime
import JSON
import NIOPosix
import Policy
import Store

/// Puts a policy in force for a configured server, one change at a time:
///
/// 1. records it as the server's next version (who, when, why) — so nothing is ever in force
///    without a version to show for it;
/// 2. writes the server's policy file atomically, so a restart keeps it;
/// 3. applies it live through ``LivePolicies``.
///
/// A server without a policy file in gatehouse.json cannot take a policy through the API:
/// nothing would keep it after a restart.
struct PolicyPublisher: Sendable {
    let policies: LivePolicies
    let versions: any PolicyVersionStore
    private let gate = SerialGate()

    init(policies: LivePolicies, versions: any PolicyVersionStore) {
        self.policies = policies
        self.versions = versions
    }

    /// Publishes a checked `document` whose text (as its author wrote it) is `json`.
    func publish(server: String, document: PolicyDocument, json: JSONValue, by: String, comment: String?) async throws(APIError) -> PublishedPolicy {
        guard policies.activePolicy(for: server) != nil else {
            throw .notFound("no server '\(server)' is configured in the gateway; only configured servers have a policy in force")
        }
        guard let file = policies.policyFile(for: server) else {
            throw APIError(
                status: .conflict,
                message: "server '\(server)' has no policy file: add \"policy\": \"policies/\(server).json\" to its entry in gatehouse.json (an applied policy is written there so a restart keeps it)")
        }
        let text = JSONWriter(style: .pretty).string(json) + "\n"
        return try await gate.run { () async throws(APIError) -> PublishedPolicy in
            let version: PolicyVersion
            do {
                version = try await versions.append(server: server, document: text, by: by, comment: comment, at: Date())
            } catch {
                throw .unavailable("the policy version store cannot be written, so nothing was changed", error)
            }
            do {
                // fsync blocks: off the event loops the server's tasks run on.
                try await NIOThreadPool.singleton.runIfActive { try AtomicFile.write(text, to: file) }
            } catch {
                throw APIError(status: .internalServerError,
                               message: "version \(version.number) was recorded but not applied: \(error); the previous policy stays in force")
            }
            policies.acceptCurrentFile(of: server)
            do {
                try await policies.replace(server: server, document: document, source: .api(by: by, version: version.number))
            } catch {
                throw APIError(status: .internalServerError, message: "version \(version.number) was written to \(file) but not applied live: \(error)")
            }
            return PublishedPolicy(version: version, file: file)
        }
    }
}

/// A policy put in force: its recorded version and the file it was written to.
struct PublishedPolicy: Sendable {
    var version: PolicyVersion
    var file: String
}
