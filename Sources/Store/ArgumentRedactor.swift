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

    private static let fragmentBytes = secretKeyFragments.map { Array($0.utf8) }

    /// Whether a value under `key` should be hidden.
    ///
    /// Every key of every audited call passes here, so it works on bytes: `lowercased()` and
    /// Foundation's `contains` cost more than the rest of the audit row.
    public static func isSecretKey(_ key: String) -> Bool {
        let normalized = normalizedKey(key)
        if normalized.elementsEqual("key".utf8) || normalized.ends(with: "key") || normalized.ends(with: "keys") { return true }
        if normalized.starts(with: "auth".utf8) && !normalized.starts(with: "author".utf8) { return true }
        return fragmentBytes.contains { fragment in
            fragment.count <= 3 ? normalized == fragment : normalized.withUnsafeBufferPointer { occurs(fragment, in: $0) }
        }
    }

    /// The key lowercased, without `_`, `-`, `.` and spaces.
    private static func normalizedKey(_ key: String) -> [UInt8] {
        let isASCII = key.utf8.allSatisfy { $0 < 0x80 }
        let lowered = isASCII ? Array(key.utf8) : Array(key.lowercased().utf8)
        return lowered.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "): return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte | 0x20
            default: return byte
            }
        }
    }

    /// Whether a string value is a credential whatever its key (`Bearer …`, a PEM private key,
    /// a Gatehouse token).
    public static func looksLikeCredential(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.startsCaseInsensitively(with: "bearer ") || bytes.startsCaseInsensitively(with: "basic ")
            || bytes.starts(with: GrantToken.prefix.utf8)
            || mentionsPrivateKey(text)
    }

    private static let pemBegin = Array("-----BEGIN".utf8)
    private static let privateKey = Array("PRIVATE KEY".utf8)

    private static func mentionsPrivateKey(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { occurs(pemBegin, in: $0) && occurs(privateKey, in: $0) }
    }

    /// Whether `needle` occurs in `haystack`.
    private static func occurs(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        var offset = 0
        while haystack.count - offset >= needle.count {
            let window = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(haystack)[offset...])
            guard let hit = memchr(window.baseAddress!, Int32(first), window.count - needle.count + 1) else { return false }
            let position = offset + (UnsafeRawPointer(hit) - window.baseAddress!)
            if haystack[position..<(position + needle.count)].elementsEqual(needle) { return true }
            offset = position + 1
        }
        return false
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

extension [UInt8] {
    fileprivate func ends(with suffix: String) -> Bool {
        count >= suffix.utf8.count && self[(count - suffix.utf8.count)...].elementsEqual(suffix.utf8)
    }
}

extension String.UTF8View {
    /// Whether the text starts with `prefix` (lowercase ASCII), in any case.
    fileprivate func startsCaseInsensitively(with prefix: String) -> Bool {
        var index = startIndex
        for expected in prefix.utf8 {
            guard index != endIndex else { return false }
            let byte = self[index]
            guard byte == expected || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) && byte | 0x20 == expected else { return false }
            index = self.index(after: index)
        }
        return true
    }
}
