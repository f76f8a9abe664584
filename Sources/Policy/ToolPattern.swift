/// A rule key: an exact tool name, or a pattern where `*` matches any run of characters.
///
/// Precedence, when several keys match a tool (deterministic, documented in docs/policy.md):
/// 1. an exact name beats every pattern;
/// 2. among patterns, the one with more literal (non-`*`) characters wins;
/// 3. then the one with fewer `*`;
/// 4. then the key that sorts first (byte order), so the outcome never depends on file order.
public struct ToolPattern: Sendable, Hashable {
    public let key: String
    /// The literal pieces between `*`s; a key without `*` has exactly one.
    private let pieces: [String]
    private let piecesUTF8: [[UInt8]]

    public init?(_ key: String) {
        guard !key.isEmpty else { return nil }
        self.key = key
        pieces = key.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        piecesUTF8 = pieces.map { Array($0.utf8) }
    }

    /// Whether the key contains a `*`.
    public var isPattern: Bool { pieces.count > 1 }

    /// Literal characters in the key (precedence rule 2).
    public var literalLength: Int { piecesUTF8.reduce(0) { $0 + $1.count } }

    /// Number of `*` in the key (precedence rule 3).
    public var wildcardCount: Int { pieces.count - 1 }

    /// Whether the key matches a tool name (whole-name match, case-sensitive).
    public func matches(_ name: String) -> Bool {
        guard isPattern else { return name == key }
        var name = name
        return name.withUTF8 { matches(utf8: $0) }
    }

    /// Greedy glob match: the first piece anchors the start, the last the end, and each middle
    /// piece is found leftmost — which is exact for `*`-only globs.
    private func matches(utf8 name: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = piecesUTF8[0]
        let last = piecesUTF8[piecesUTF8.count - 1]
        guard name.count >= first.count + last.count else { return false }
        guard name.starts(with: first) else { return false }
        guard name[(name.count - last.count)...].elementsEqual(last) else { return false }
        var position = first.count
        let end = name.count - last.count
        for piece in piecesUTF8.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = Self.find(piece, in: name, from: position, to: end) else { return false }
            position = found + piece.count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard end - start >= needle.count else { return nil }
        var i = start
        while i + needle.count <= end {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                return i
            }
            i += 1
        }
        return nil
    }

    /// True when `self` takes precedence over `other` (both patterns).
    public func precedes(_ other: ToolPattern) -> Bool {
        if literalLength != other.literalLength { return literalLength > other.literalLength }
        if wildcardCount != other.wildcardCount { return wildcardCount < other.wildcardCount }
        return Array(key.utf8).lexicographicallyPrecedes(Array(other.key.utf8))
    }
}
