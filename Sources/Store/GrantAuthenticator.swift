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
/// - When the store cannot answer, the last answer for the token stands for up to
///   ``staleLimit``: while the store is down nobody can create or revoke a grant, so that answer
///   is still the truth, and the agent's calls reach enforcement — which refuses them with a
///   tool error it can read ("policy state unavailable") instead of an HTTP 503.
public final class GrantAuthenticator: Sendable {
    public let store: any GrantStore
    public let timeToLive: Duration
    public let capacity: Int
    /// How old a cached answer may be and still stand in for a store that cannot answer.
    public let staleLimit: Duration

    /// Instants are durations since the authenticator was made, read from its clock.
    private struct Entry {
        var grant: Grant?
        var expires: Duration
        var lookedUp: Duration
    }

    /// Keyed by the token's hash, so the cache never holds a token in the clear.
    private let entries = Mutex<[String: Entry]>([:])
    /// The time on the injected clock since this authenticator was made.
    private let elapsed: @Sendable () -> Duration

    /// `clock` is monotonic time (tests pass one they advance themselves).
    public init<C: Clock<Duration>>(
        store: any GrantStore, timeToLive: Duration = .seconds(1), capacity: Int = 10_000, staleLimit: Duration = .seconds(600),
        clock: C = ContinuousClock()
    ) {
        self.store = store
        self.timeToLive = timeToLive
        self.capacity = capacity
        self.staleLimit = staleLimit
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
    }

    /// The active grant holding `token`, or nil. Throws when the store cannot answer and no
    /// answer younger than ``staleLimit`` is cached (the caller refuses the request: fail closed).
    public func authenticate(token: String) async throws -> Grant? {
        guard GrantToken.looksLikeToken(token) else { return nil }
        let key = GrantToken.hash(token)
        let now = elapsed()
        let cached = entries.withLock { $0[key] }
        if let cached, cached.expires > now {
            return cached.grant
        }
        do {
            let grant = try await store.authenticate(token: token)
            remember(grant, under: key, at: now)
            return grant
        } catch {
            guard let cached, now - cached.lookedUp < staleLimit else { throw error }
            return cached.grant
        }
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

    private func remember(_ grant: Grant?, under key: String, at now: Duration) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[key] = Entry(grant: grant, expires: now + timeToLive, lookedUp: now)
        }
    }
}
