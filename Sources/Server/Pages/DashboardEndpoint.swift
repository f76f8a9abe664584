import Foundation
import Gateway
import JSON
import Store

/// `GET /api/dashboard?minutes=60` (admin): the gateway at a glance, from the audit log and the
/// live registry — every upstream with its sessions, policy and crashes; calls per minute by
/// decision; the latest denials with their reasons. Pending approvals and changed pins have
/// their own endpoints (`/api/approvals`, `/api/pins`).
struct DashboardEndpoint: Sendable {
    let audit: any AuditStore
    let registry: SessionRegistry
    let policies: LivePolicies
    let servers: [ServerConfiguration]

    /// Calls read at most for the per-minute chart; beyond it the chart says `truncated`.
    static let maximumCalls = 50_000
    static let decisions = ["allow", "deny", "rate_limited", "require_approval"]

    func summary(minutes: Int, now: Date = Date()) async throws(APIError) -> JSONValue {
        let since = now - Double(minutes) * 60
        let calls: [AuditEntry]
        let denials: [AuditEntry]
        let crashes: [AuditEntry]
        do {
            calls = try await audit.query(AuditFilter(kind: .toolCall, since: since, limit: Self.maximumCalls + 1))
            denials = try await latestRefusals(limit: 20)
            crashes = try await audit.query(AuditFilter(kind: .upstreamCrashed, since: now - 86_400, limit: 1_000))
        } catch {
            throw .unavailable("the audit log cannot be read", error)
        }
        return [
            "generatedAt": .string(Timestamp.string(now)),
            "minutes": .int(Int64(minutes)),
            "upstreams": .array(upstreams(crashes: crashes, now: now)),
            "callsPerMinute": .array(perMinute(calls.prefix(Self.maximumCalls), since: since, minutes: minutes)),
            "totals": totals(calls.prefix(Self.maximumCalls)),
            "truncated": .bool(calls.count > Self.maximumCalls),
            "denials": .array(denials.map(\.json)),
        ]
    }

    /// Each configured upstream: `running` with open sessions, `crashing` after a crash in the
    /// last 5 minutes, else `idle` (stdio upstreams start with a session).
    private func upstreams(crashes: [AuditEntry], now: Date) -> [JSONValue] {
        let sessions = registry.countsByServer
        return servers.map { server in
            let serverCrashes = crashes.filter { $0.server == server.name }
            let count = sessions[server.name] ?? 0
            let recentCrash = serverCrashes.first.map { now.timeIntervalSince($0.time) < 300 } ?? false
            let active = policies.activePolicy(for: server.name)
            return [
                "server": .string(server.name),
                "transport": .string(server.transport.name),
                "sessions": .int(Int64(count)),
                "health": .string(recentCrash ? "crashing" : count > 0 ? "running" : "idle"),
                "crashesToday": .int(Int64(serverCrashes.count)),
                "lastCrash": serverCrashes.first.map(\.json) ?? .null,
                "policy": active.map { ["source": .string($0.source.description), "activatedAt": .string(Timestamp.string($0.activatedAt))] } ?? .null,
            ]
        }
    }

    /// One bucket per minute of the window, oldest first, every decision counted (zeros too).
    private func perMinute(_ calls: ArraySlice<AuditEntry>, since: Date, minutes: Int) -> [JSONValue] {
        let start = (since.timeIntervalSince1970 / 60).rounded(.down) * 60
        var buckets = [[String: Int]](repeating: [:], count: minutes + 1)
        for call in calls {
            let index = Int((call.time.timeIntervalSince1970 - start) / 60)
            guard buckets.indices.contains(index) else { continue }
            buckets[index][call.decision ?? "unknown", default: 0] += 1
        }
        return buckets.enumerated().map { index, counts in
            var members: JSONObject = ["minute": .string(Timestamp.string(Date(timeIntervalSince1970: start + Double(index) * 60)))]
            for decision in Self.decisions { members[decision] = .int(Int64(counts[decision] ?? 0)) }
            return .object(members)
        }
    }

    private func totals(_ calls: ArraySlice<AuditEntry>) -> JSONValue {
        var counts = JSONObject()
        for decision in Self.decisions { counts[decision] = .int(0) }
        for call in calls {
            let decision = call.decision ?? "unknown"
            counts[decision] = .int((counts[decision]?.intValue ?? 0) + 1)
        }
        return .object(counts)
    }

    /// The newest denied and rate-limited calls together, newest first.
    private func latestRefusals(limit: Int) async throws -> [AuditEntry] {
        let denied = try await audit.query(AuditFilter(decision: "deny", kind: .toolCall, limit: limit))
        let limited = try await audit.query(AuditFilter(decision: "rate_limited", kind: .toolCall, limit: limit))
        return Array((denied + limited).sorted { ($0.id ?? 0) > ($1.id ?? 0) }.prefix(limit))
    }
}
