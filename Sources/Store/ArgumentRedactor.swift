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

/// Hides secret-looking argument values: under secret-looking keys, and credentials found by
/// their shape in any string (``SecretScanner``).
public enum ArgumentRedactor {
    /// What a hidden value is replaced with.
    public static let placeholder = JSONValue.string("[redacted]")

    /// Key fragments that mark a secret, compared after lowercasing and dropping `_`, `-`, `.`
    /// and spaces (so `api_key`, `apiKey` and `API-Key` all match `apikey`).
    static let secretKeyFragments = [
        "token", "secret", "password", "passwd", "passphrase", "credential", "cookie", "authorization", "apikey",
        "privatekey", "accesskey", "sessionid", "signature", "bearer", "otp", "pin", "sig",
    ]

    /// Words that mark a secret wherever they stand in a key (`db_pass`, `dbPass`, `DB_PWD`),
    /// compared in any case; `pass` inside a word (`passenger`, `compass`) does not count.
    static let secretKeyWords: [StaticString] = ["pass", "pwd", "pw"]

    private static let fragmentBytes = secretKeyFragments.map { Array($0.utf8) }

    /// Whether a value under `key` should be hidden.
    ///
    /// Every key of every audited call passes here (and every parameter name ``SecretScanner``
    /// finds), so it works on bytes, normalizing into stack memory: `lowercased()` and
    /// Foundation's `contains` cost more than the rest of the audit row.
    public static func isSecretKey(_ key: String) -> Bool {
        var key = key
        return key.withUTF8(isSecretKey(utf8:))
    }

    /// ``isSecretKey(_:)`` of a key's UTF-8 bytes.
    static func isSecretKey(utf8 key: UnsafeBufferPointer<UInt8>) -> Bool {
        if hasSecretWord(in: key) { return true }
        guard key.allSatisfy({ $0 < 0x80 }) else {
            var lowered = String(decoding: key, as: UTF8.self).lowercased()
            return lowered.withUTF8 { bytes in withNormalizedKey(bytes, hasSecretShape) }
        }
        return withNormalizedKey(key, hasSecretShape)
    }

    /// Calls `body` with the key lowercased (ASCII), without `_`, `-`, `.` and spaces.
    private static func withNormalizedKey(_ key: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(key.count, 1)) { buffer in
            var count = 0
            for byte in key {
                switch byte {
                case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "): continue
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[count] = byte | 0x20
                default: buffer[count] = byte
                }
                count += 1
            }
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The rules on the normalized key: `key`, `…key(s)`, `auth…` (not `author…`), a fragment.
    private static func hasSecretShape(_ normalized: UnsafeBufferPointer<UInt8>) -> Bool {
        if normalized.ends(with: "key") || normalized.ends(with: "keys") { return true }
        if normalized.starts(with: "auth".utf8) && !normalized.starts(with: "author".utf8) { return true }
        return fragmentBytes.contains { fragment in
            fragment.count <= 3 ? normalized.elementsEqual(fragment) : occurs(fragment, in: normalized)
        }
    }

    /// Whether one of the words of `key` — split at `_`, `-`, `.`, spaces and where lower case
    /// turns upper — is one of ``secretKeyWords``.
    private static func hasSecretWord(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        for index in 0...bytes.count {
            let endsWord = index == bytes.count || !isWordByte(bytes[index])
                || (index > start && isUpper(bytes[index]) && !isUpper(bytes[index - 1]))
            guard endsWord else { continue }
            if index > start, index - start <= 4, secretKeyWords.contains(where: { equalsIgnoringCase(bytes[start..<index], $0) }) {
                return true
            }
            start = isWordByte(index < bytes.count ? bytes[index] : 0) ? index : index + 1
        }
        return false
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isUpper(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func equalsIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        return zip(bytes, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)).allSatisfy { $0 | 0x20 == $1 }
    }

    /// Whether a whole string value is a credential whatever its key (`Bearer <token>`,
    /// `Basic <token>`, a PEM private key, a Gatehouse token). Credentials inside longer text
    /// are ``SecretScanner``'s.
    public static func looksLikeCredential(_ text: String) -> Bool {
        let bytes = text.utf8
        return isAuthorization(bytes, scheme: "bearer ") || isAuthorization(bytes, scheme: "basic ")
            || bytes.starts(with: GrantToken.prefix.utf8)
            || mentionsPrivateKey(text)
    }

    /// `<scheme> <one token>`: an `Authorization` header's value (not a sentence about one).
    private static func isAuthorization(_ bytes: String.UTF8View, scheme: String) -> Bool {
        bytes.startsCaseInsensitively(with: scheme)
            && !bytes.dropFirst(scheme.utf8.count).contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }
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
            if looksLikeCredential(text) { return placeholder }
            return SecretScanner.redacting(text).map(JSONValue.string) ?? value
        default:
            return value
        }
    }

    /// Compact JSON with sorted keys: the same arguments always give the same text.
    public static func canonicalText(_ value: JSONValue) -> String {
        JSONWriter(style: .compact, sortedKeys: true).string(value)
    }

    /// The bytes of ``canonicalText(_:)``.
    public static func canonicalBytes(_ value: JSONValue) -> [UInt8] {
        JSONWriter(style: .compact, sortedKeys: true).bytes(value)
    }

    /// Plain SHA-256 (hex) of a value's canonical JSON — for public data such as tool
    /// definitions. Arguments are digested with the installation's key (``ArgumentDigester``).
    public static func publicDigest(_ value: JSONValue) -> String {
        SHA256Hex.digest(of: canonicalBytes(value))
    }
}

extension UnsafeBufferPointer<UInt8> {
    fileprivate func ends(with suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        return count >= length && self[(count - length)...].elementsEqual(UnsafeBufferPointer(start: suffix.utf8Start, count: length))
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
