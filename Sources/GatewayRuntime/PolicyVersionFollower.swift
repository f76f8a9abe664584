import Foundation
import Gateway
import Logging
import NIOPosix
import Policy
import Store

/// Puts in force on this replica the policy versions that another replica applied (the
/// builder's PUT or rollback there): the versions live in the shared store, the policy in force
/// in each process's memory.
///
/// Every ``interval`` it reads each server's latest version; one newer than any this process
/// has seen is written to the server's policy file (a restart keeps it) and applied, as if it
/// had been applied here. The versions present at start are not applied: at start, the policy
/// file rules, as on a single gateway.
public struct PolicyVersionFollower: Sendable {
    let policies: LivePolicies
    let versions: any PolicyVersionStore
    let interval: Duration
    /// What the rounds are timed on (tests pass a clock they advance).
    let clock: any Clock<Duration>
    let logger: Logger

    public init(policies: LivePolicies, versions: any PolicyVersionStore, interval: Duration = .seconds(1),
                clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.policies = policies
        self.versions = versions
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Follows the store, a round every ``interval`` of ``clock``, until the task is cancelled.
    public func run() async {
        var seen: [String: Int] = [:]
        while !Task.isCancelled {
            for server in policies.servers {
                let latest: PolicyVersion?
                do {
                    latest = try await versions.latest(server: server)
                } catch {
                    continue  // While the store does not answer, nothing changes: a later round catches up.
                }
                let number = latest?.number ?? 0
                guard let known = seen[server] else {
                    seen[server] = number
                    continue
                }
                guard let latest, number > known else { continue }
                seen[server] = number
                await apply(latest)
            }
            guard (try? await clock.sleep(for: interval)) != nil else { return }
        }
    }

    private func apply(_ version: PolicyVersion) async {
        if case .api(_, let number)? = policies.activePolicy(for: version.server)?.source, number == version.number { return }
        let check = PolicyChecker.check(text: version.document)
        guard let document = check.document else {
            logger.error("policy version \(version.number) of \(version.server) does not check; the policy in force stays",
                         metadata: ["problems": "\(check.problems.map(\.description).joined(separator: "; "))"])
            return
        }
        if let file = policies.policyFile(for: version.server) {
            let text = version.document.hasSuffix("\n") ? version.document : version.document + "\n"
            do {
                try await NIOThreadPool.singleton.runIfActive { try AtomicFile.write(text, to: file) }
                policies.acceptCurrentFile(of: version.server)
            } catch {
                logger.warning("could not write policy version \(version.number) to \(file); applying it anyway", metadata: ["error": "\(error)"])
            }
        }
        do {
            try await policies.replace(server: version.server, document: document, source: .api(by: version.createdBy, version: version.number))
            logger.notice("applied policy version \(version.number) of \(version.server) from the shared store (by \(version.createdBy))")
        } catch {
            logger.error("could not apply policy version \(version.number) of \(version.server): \(error)")
        }
    }
}
