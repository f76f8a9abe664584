import Foundation

/// base64url without padding (RFC 4648 §5): grant tokens, the gateway's signed `requestState`.
public enum Base64URL {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes `text` spells, or nil when it holds anything but the base64url alphabet or is
    /// not the one canonical spelling of its bytes. The last character of a 32-byte value carries
    /// two unused bits: a decoder that ignored them would take four spellings of one signature,
    /// so an altered signature could still verify.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.allSatisfy(isAlphabet) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        guard let bytes = Data(base64Encoded: standard).map(Array.init), encode(bytes) == text else { return nil }
        return bytes
    }

    static func isAlphabet(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D || byte == 0x5F
    }
}
