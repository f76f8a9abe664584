import Foundation
import Synchronization

/// Authenticates bearer tokens on the gateway's hot path: a short-lived cache in front of a
/// ``GrantStore``, so a busy agent costs one store lookup per ``timeToLive``, not one per call.
///
/// - A revoked grant stops working within ``timeToLive`` (1 s by default), even when another
///   process revoked it; ``forget(token:)`` and ``forgetAll()`` make it immediate in this one.
/// - A grant created elsewhere works at once: its token was never looked up, so it is a miss.
/// - Unknown tokens are cached as misses too, so a flood of bad tokens cannot hammer the store;
///   at most ``capacity`` entries are kept.
public final class GrantAuthenticator: Sendable {
    public let store: any GrantStore
    public let timeToLive: Duration
    public let capacity: Int

    private struct Entry {
        var grant: Grant?
        var expires: ContinuousClock.Instant
    }

    /// Keyed by the token's hash, so the cache never holds a token in the clear.
    private let entries = Mutex<[String: Entry]>([:])

    public init(store: any GrantStore, timeToLive: Duration = .seconds(1), capacity: Int = 10_000) {
        self.store = store
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The active grant holding `token`, or nil. Throws when the store cannot answer
    /// (the caller refuses the request: fail closed).
    public func authenticate(token: String) async throws -> Grant? {
        guard GrantToken.looksLikeToken(token) else { return nil }
        let key = GrantToken.hash(token)
        let now = ContinuousClock.now
        if let cached = entries.withLock({ $0[key] }), cached.expires > now {
            return cached.grant
        }
        let grant = try await store.authenticate(token: token)
        remember(grant, under: key, until: now.advanced(by: timeToLive))
        return grant
    }

    /// Drops what is cached for `token` (after revoking its grant in this process).
    public func forget(token: String) {
        let key = GrantToken.hash(token)
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// Drops the whole cache (after revoking a grant by name in this process).
    public func forgetAll() {
        entries.withLock { $0.removeAll() }
    }

    private func remember(_ grant: Grant?, under key: String, until expires: ContinuousClock.Instant) {
        entries.withLock { entries in
            if entries.count >= capacity {
                let now = ContinuousClock.now
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[key] = Entry(grant: grant, expires: expires)
        }
    }
}
