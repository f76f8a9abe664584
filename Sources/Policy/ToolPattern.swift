#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A rule key: an exact tool name, or a pattern where `*` matches any run of characters.
///
/// Precedence, when several keys match a tool (deterministic, documented in docs/policy.md):
/// 1. an exact name beats every pattern;
/// 2. among patterns, the one with more literal (non-`*`) characters wins;
/// 3. then the one with fewer `*`;
/// 4. then the key that sorts first (byte order), so the outcome never depends on file order.
public struct ToolPattern: Sendable, Hashable {
    public let key: String
    /// The literal pieces between `*`s as ranges of `bytes`; a key without `*` has one.
    let pieces: [GlobPiece]
    let bytes: [UInt8]
    /// Literal characters in the key (precedence rule 2).
    public let literalLength: Int

    public init?(_ key: String) {
        guard !key.isEmpty else { return nil }
        self.key = key
        var pieces: [GlobPiece] = []
        var bytes: [UInt8] = []
        for part in key.split(separator: "*", omittingEmptySubsequences: false) {
            pieces.append(GlobPiece(start: Int32(bytes.count), length: Int32(part.utf8.count)))
            bytes.append(contentsOf: part.utf8)
        }
        self.pieces = pieces
        self.bytes = bytes
        literalLength = bytes.count
    }

    /// Whether the key contains a `*`.
    public var isPattern: Bool { pieces.count > 1 }

    /// Number of `*` in the key (precedence rule 3).
    public var wildcardCount: Int { pieces.count - 1 }

    /// Whether the key matches a tool name (whole-name match, case-sensitive).
    public func matches(_ name: String) -> Bool {
        guard isPattern else { return name == key }
        return name.withUTF8Buffer { name in
            pieces.withUnsafeBufferPointer { pieces in
                bytes.withUnsafeBufferPointer { bytes in
                    GlobPiece.matches(name, pieces: pieces, bytes: bytes, literalLength: literalLength)
                }
            }
        }
    }

    /// True when `self` takes precedence over `other` (both patterns).
    public func precedes(_ other: ToolPattern) -> Bool {
        if literalLength != other.literalLength { return literalLength > other.literalLength }
        if wildcardCount != other.wildcardCount { return wildcardCount < other.wildcardCount }
        return Array(key.utf8).lexicographicallyPrecedes(Array(other.key.utf8))
    }
}

/// A literal piece of a `*` pattern: a range of a byte array. Plain integers, so matching
/// does no reference counting.
struct GlobPiece: Sendable, Hashable {
    var start: Int32
    var length: Int32

    /// Glob match: the first piece anchors the start, the last the end, middle pieces are found
    /// leftmost in between — exact for `*`-only patterns.
    static func matches(
        _ name: UnsafeBufferPointer<UInt8>, pieces: UnsafeBufferPointer<GlobPiece>, bytes: UnsafeBufferPointer<UInt8>,
        literalLength: Int
    ) -> Bool {
        guard name.count >= literalLength, let first = pieces.first, let last = pieces.last else { return false }
        guard equal(name, at: 0, bytes, first), equal(name, at: name.count - Int(last.length), bytes, last) else { return false }
        var position = Int(first.length)
        let end = name.count - Int(last.length)
        for piece in pieces.dropFirst().dropLast() where piece.length > 0 {
            guard let found = find(piece, bytes, in: name, from: position, to: end) else { return false }
            position = found + Int(piece.length)
        }
        return true
    }

    private static func equal(_ name: UnsafeBufferPointer<UInt8>, at offset: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ piece: GlobPiece) -> Bool {
        piece.length == 0 || memcmp(name.baseAddress! + offset, bytes.baseAddress! + Int(piece.start), Int(piece.length)) == 0
    }

    private static func find(_ piece: GlobPiece, _ bytes: UnsafeBufferPointer<UInt8>, in name: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let length = Int(piece.length)
        var i = start
        while i + length <= end {
            if memcmp(name.baseAddress! + i, bytes.baseAddress! + Int(piece.start), length) == 0 { return i }
            i += 1
        }
        return nil
    }
}

extension String {
    /// Runs `body` over the string's UTF-8 bytes without copying when it is already contiguous.
    func withUTF8Buffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}
