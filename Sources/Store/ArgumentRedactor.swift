import Foundation
import JSON

/// How much of a call's arguments the audit log keeps (`"audit": {"arguments": …}`).
///
/// The policy simulator replays past calls against a candidate policy and needs argument
/// values for its conditions, so the default keeps them, minus anything that looks secret.
public enum AuditArgumentsMode: String, Sendable, Equatable, CaseIterable {
    /// Every value, except those under secret-looking keys or that look like credentials.
    case redacted
    /// Every value as sent.
    case full
    /// Only the digest.
    case none

    /// The arguments as they are written to the audit row, or nil.
    public func record(_ arguments: JSONValue) -> String? {
        switch self {
        case .redacted: return ArgumentRedactor.canonicalText(ArgumentRedactor.redact(arguments))
        case .full: return ArgumentRedactor.canonicalText(arguments)
        case .none: return nil
        }
    }
}

/// Hides secret-looking argument values and digests arguments.
public enum ArgumentRedactor {
    /// What a hidden value is replaced with.
    public static let placeholder = JSONValue.string("[redacted]")

    /// Key fragments that mark a secret, compared after lowercasing and dropping `_`, `-`, `.`
    /// and spaces (so `api_key`, `apiKey` and `API-Key` all match `apikey`).
    static let secretKeyFragments = [
        "token", "secret", "password", "passwd", "passphrase", "credential", "cookie", "authorization", "apikey",
        "privatekey", "accesskey", "sessionid", "signature", "bearer", "otp", "pin",
    ]

    /// Whether a value under `key` should be hidden.
    public static func isSecretKey(_ key: String) -> Bool {
        let normalized = String(key.lowercased().unicodeScalars.filter { !"_-. ".unicodeScalars.contains($0) })
        if normalized == "key" || normalized.hasSuffix("key") || normalized.hasSuffix("keys") { return true }
        if normalized == "auth" || normalized.hasPrefix("auth") && !normalized.hasPrefix("author") { return true }
        return secretKeyFragments.contains { fragment in
            fragment.count <= 3 ? normalized == fragment : normalized.contains(fragment)
        }
    }

    /// Whether a string value is a credential whatever its key (`Bearer …`, a PEM private key,
    /// a Gatehouse token).
    public static func looksLikeCredential(_ text: String) -> Bool {
        let lowered = text.prefix(16).lowercased()
        return lowered.hasPrefix("bearer ") || lowered.hasPrefix("basic ") || text.hasPrefix(GrantToken.prefix)
            || text.contains("-----BEGIN") && text.contains("PRIVATE KEY")
    }

    /// `value` with every secret-looking value replaced by ``placeholder``; everything else kept.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var redacted = JSONObject()
            for (key, member) in members {
                redacted[key] = isSecretKey(key) ? placeholder : redact(member)
            }
            return .object(redacted)
        case .array(let elements):
            return .array(elements.map(redact))
        case .string(let text):
            return looksLikeCredential(text) ? placeholder : value
        default:
            return value
        }
    }

    /// Compact JSON with sorted keys: the same arguments always give the same text.
    public static func canonicalText(_ value: JSONValue) -> String {
        JSONWriter(style: .compact, sortedKeys: true).string(value)
    }

    /// SHA-256 (hex) of the canonical JSON of the arguments as sent (before redaction), so two
    /// identical calls have the same digest.
    public static func digest(_ arguments: JSONValue) -> String {
        SHA256Hex.digest(of: JSONWriter(style: .compact, sortedKeys: true).bytes(arguments))
    }
}
