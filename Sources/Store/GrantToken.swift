import Foundation

/// Grant tokens: how they are made and how they are stored.
///
/// A token is `gh_` followed by 32 bytes from the system's CSPRNG in base64url (43 characters):
/// the prefix lets secret scanners and people recognise it; the 256 random bits make guessing
/// hopeless, so a plain SHA-256 (no salt, no stretching) is a safe, indexable stored form.
public enum GrantToken {
    /// What every Gatehouse token starts with.
    public static let prefix = "gh_"
    static let randomByteCount = 32

    /// A new token.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<randomByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Base64URL.encode(bytes)
    }

    /// The stored form of a token: lowercase hex SHA-256 of its UTF-8 bytes.
    public static func hash(_ token: String) -> String {
        SHA256Hex.digest(of: Array(token.utf8))
    }

    /// Whether `text` has the shape of a token (prefix, then base64url), so obvious junk can be
    /// refused without a store lookup.
    public static func looksLikeToken(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        return body.count == 43 && body.allSatisfy(Base64URL.isAlphabet)
    }
}
