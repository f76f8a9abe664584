/// The member names of the objects a ``JSONScanner`` is walking, to notice a name used twice in
/// one object.
///
/// Names are the same when their decoded texts have the same UTF-8 bytes (`"a"` and `"\u0061"`
/// are one name; `"é"` and `"e\u0301"` are two), which is when two JSON parsers would read the
/// same key. One buffer holds the names of every open object, innermost last, so a small object
/// costs a few comparisons and no allocation of its own; an object with more than
/// ``linearLimit`` names switches to a set of its decoded names (Swift's seeded hashing, so
/// names crafted to collide cannot make the check quadratic).
struct DuplicateNames {
    /// Past this many names, an object's names are kept in a set.
    static let linearLimit = 16

    /// Where one open object's names start in the buffer.
    struct Object {
        fileprivate let start: Int
    }

    private struct Name {
        var range: Range<Int>
        /// Has a backslash: compared decoded.
        var escaped: Bool
    }

    private var names: [Name] = []
    /// The decoded names of each big open object, by its ``Object/start``.
    private var sets: [Int: Set<[UInt8]>] = [:]

    mutating func openObject() -> Object {
        // One allocation for a whole document's names (arrays otherwise grow 1, 2, 4, 8…).
        if names.capacity == 0 { names.reserveCapacity(16) }
        return Object(start: names.count)
    }

    mutating func closeObject(_ object: Object) {
        names.removeSubrange(object.start...)
        if !sets.isEmpty { sets[object.start] = nil }
    }

    /// Adds `range` (a member name, quotes included; `escaped` when the scanner saw a backslash
    /// in it) to the innermost open object; false when that object already has the name.
    mutating func insert(_ range: Range<Int>, escaped: Bool, in object: Object, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let name = Name(range: range, escaped: escaped)
        let count = names.count - object.start
        defer { names.append(name) }
        if count < Self.linearLimit {
            for other in names[object.start...] where Self.same(other, name, bytes) { return false }
            return true
        }
        if count == Self.linearLimit {
            sets[object.start] = Set(names[object.start...].map { Self.decoded($0, bytes) })
        }
        return sets[object.start, default: []].insert(Self.decoded(name, bytes)).inserted
    }

    private static func same(_ a: Name, _ b: Name, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.escaped || b.escaped { return decoded(a, bytes) == decoded(b, bytes) }
        return a.range.count == b.range.count && bytes[a.range].elementsEqual(bytes[b.range])
    }

    /// The name's text as UTF-8 bytes, escapes decoded.
    private static func decoded(_ name: Name, _ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let content = bytes[(name.range.lowerBound + 1)..<(name.range.upperBound - 1)]
        guard name.escaped else { return Array(content) }
        let literal = UnsafeBufferPointer(rebasing: bytes[name.range])
        return Array(((try? JSONParser.parse(literal, duplicateKeys: .lastWins))?.stringValue ?? "").utf8)
    }
}
