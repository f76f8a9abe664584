import Crypto
import Foundation

/// SHA-256 as lowercase hex: how tokens and public digests are written down.
public enum SHA256Hex {
    public static func digest(of bytes: some DataProtocol) -> String {
        LowercaseHex.string(SHA256.hash(data: bytes), count: SHA256.byteCount)
    }
}

/// Bytes as lowercase hex.
enum LowercaseHex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The hex of `count` bytes.
    static func string(_ bytes: some Sequence<UInt8>, count: Int) -> String {
        // Tokens are hashed on every request and arguments on every call: the hex is written
        // byte by byte instead of through a String per byte.
        String(unsafeUninitializedCapacity: count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    /// The bytes `text` spells (nil unless it is an even number of hex digits).
    static func bytes(_ text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
