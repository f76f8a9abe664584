import JSON

/// base64url without padding (RFC 4648 §5): grant tokens, the gateway's signed `requestState`.
public enum Base64URL {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64.url.encode(Array(bytes))
    }

    /// The bytes `text` spells, or nil when it is empty, holds anything but the base64url
    /// alphabet, or is not the one canonical spelling of its bytes. The last character of a
    /// 32-byte value carries two unused bits: a decoder that ignored them would take four
    /// spellings of one signature, so an altered signature could still verify.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard !text.isEmpty else { return nil }
        return Base64.url.decode(text)
    }

    static func isAlphabet(_ byte: UInt8) -> Bool {
        Base64.url.isAlphabet(byte)
    }
}
