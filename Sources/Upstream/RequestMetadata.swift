/// What a 2026-07-28 request carries beside its body, for a transport that mirrors it
/// (Streamable HTTP: the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers).
///
/// A request sent with it belongs to no session: the transport sends no session id with it.
public struct RequestMetadata: Sendable, Equatable {
    /// The revision named in the body's `_meta` (`io.modelcontextprotocol/protocolVersion`).
    public var protocolVersion: String
    /// The body's `method`.
    public var method: String
    /// `Mcp-Name`, already encoded for a header (``headerValue(_:)``); nil when the method mirrors no name.
    public var name: String?

    public init(protocolVersion: String, method: String, name: String? = nil) {
        self.protocolVersion = protocolVersion
        self.method = method
        self.name = name
    }

    /// `value` as a header value: as it is when it is plain, visible ASCII (spaces inside, none
    /// at the ends), else in the Base64 sentinel `=?base64?…?=` (which also carries a plain value
    /// that looks like a sentinel), as Streamable HTTP's "Value Encoding" asks of a client.
    public static func headerValue(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let plain = bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 }
            && bytes.first.map { $0 != 0x20 && $0 != 0x09 } ?? true
            && bytes.last.map { $0 != 0x20 && $0 != 0x09 } ?? true
            && !(value.hasPrefix("=?base64?") && value.hasSuffix("?="))
        return plain ? value : "=?base64?" + Base64.encode(bytes) + "?="
    }
}

/// Standard Base64 (RFC 4648, with padding), for header values.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
