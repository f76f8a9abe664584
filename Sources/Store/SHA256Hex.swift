import Crypto
import Foundation

/// SHA-256 as lowercase hex: how tokens and argument digests are written down.
enum SHA256Hex {
    static func digest(of bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
