import Crypto
import Foundation
import JSON
import Synchronization

/// The secret an installation keys its argument digests with: 32 random bytes, kept in the
/// data folder (SQLite, `argument-digest.key`, 0600) or in the shared database (PostgreSQL, so
/// that every replica digests alike). See docs/state.md.
public struct ArgumentDigestKey: Sendable, Equatable {
    static let byteCount = 32
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A new key from the system's CSPRNG.
    public static func random() -> ArgumentDigestKey {
        var generator = SystemRandomNumberGenerator()
        return ArgumentDigestKey(bytes: (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The key written as 64 hex digits (how it is stored).
    public var hex: String { LowercaseHex.string(bytes, count: bytes.count) }

    /// The key `text` spells as 64 hex digits (surrounding white space ignored), or nil.
    public init?(hex text: String) {
        guard let bytes = LowercaseHex.bytes(text.trimmingCharacters(in: .whitespacesAndNewlines)[...]),
              bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }
}

/// Digests a call's arguments: HMAC-SHA-256 (hex) of their canonical JSON — sorted keys,
/// compact — under the installation's ``ArgumentDigestKey``. Identical calls share a digest,
/// so the audit log can tell repeats apart, but without the key nobody holding the rows can
/// test guesses of a short secret against it, as they could against a plain SHA-256.
///
/// With SQLite the key is read when the store opens; PostgreSQL's once its schema is migrated
/// (``StateStores/migrate()``), before the gateway accepts a call. Until then there is no
/// digest (nil), never an unkeyed one.
public final class ArgumentDigester: Sendable {
    private let prepared = Mutex<PreparedHMAC?>(nil)
    private let key = Mutex<ArgumentDigestKey?>(nil)

    public init(key: ArgumentDigestKey? = nil) {
        if let key { use(key) }
    }

    /// A digester with a key of its own, made up for this process: for tests and benchmarks,
    /// whose digests need not compare with anything stored.
    public static let ephemeral = ArgumentDigester(key: .random())

    /// Digests with `key` from now on.
    public func use(_ key: ArgumentDigestKey) {
        let ready = PreparedHMAC(key: key)
        prepared.withLock { $0 = ready }
        self.key.withLock { $0 = key }
    }

    /// A key of its own for another of the installation's jobs (e.g. signing the gateway's
    /// `requestState`), derived from the installation key with HKDF-SHA-256 and `purpose` as its
    /// info — so every replica derives the same one, and no job's key reveals another's. Nil
    /// while no key is in use.
    public func derivedKey(purpose: String) -> SymmetricKey? {
        guard let key = key.withLock({ $0 }) else { return nil }
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: key.bytes), info: Array(purpose.utf8), outputByteCount: 32)
    }

    /// Whether a key is in use.
    public var hasKey: Bool { prepared.withLock { $0 != nil } }

    /// The digest of `arguments`, or nil while no key is in use.
    public func digest(_ arguments: JSONValue) -> String? {
        guard let hmac = prepared.withLock({ $0 }) else { return nil }
        return hmac.digest(ArgumentRedactor.canonicalBytes(arguments))
    }
}

/// HMAC-SHA-256 with the key already mixed into its inner and outer hash states, so each
/// digest copies them instead of deriving them again.
///
/// Unchecked: `HMAC` is a value whose hash states are copy-on-write; the prototype is never
/// mutated, and each digest mutates its own copy.
private struct PreparedHMAC: @unchecked Sendable {
    let prototype: HMAC<SHA256>

    init(key: ArgumentDigestKey) {
        prototype = HMAC<SHA256>(key: SymmetricKey(data: key.bytes))
    }

    func digest(_ bytes: [UInt8]) -> String {
        var hmac = prototype
        hmac.update(data: bytes)
        return LowercaseHex.string(hmac.finalize(), count: SHA256.byteCount)
    }
}
