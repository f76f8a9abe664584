import Crypto
import Foundation

/// SHA-256 as lowercase hex: how tokens and argument digests are written down.
enum SHA256Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func digest(of bytes: some DataProtocol) -> String {
        // Tokens are hashed on every request and arguments on every call: the hex is written
        // byte by byte instead of through a String per byte.
        let hash = SHA256.hash(data: bytes)
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            var index = 0
            for byte in hash {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }
}
