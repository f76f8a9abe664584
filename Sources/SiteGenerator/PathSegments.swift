/// Safe, unique folder names for pages of tools (and servers) whose names are third-party text.
///
/// A name made only of `[A-Za-z0-9_.-]` (not starting with `.`) is its own segment, so real tools
/// keep readable, exact URLs (`UpdateOneConnectedAccount`). Any other name — `../../etc/passwd`,
/// `send message`, `créer` — keeps its safe characters with every other run as `-`, and gets `-`
/// and 8 hex digits of a hash of the exact name (`etc-passwd-9f1c2a07`). So do safe names that
/// would clash on a case-insensitive file system (`GetUser`, `getuser`) and names Windows
/// reserves (`con`, `nul`, …). Segments are unique ignoring case, never `.` or `..`, and at most 100 bytes.
/// The result depends only on the set of names, never on their order.
public enum PathSegments {
    static let maximumBaseLength = 80

    /// One segment per name, in the same order.
    public static func unique(for names: [String]) -> [String] {
        let bases = names.map(base)
        // Only names that are already safe compete for their bare spelling; the rest always
        // carry a hash, so `send message` never takes `send-message` from the tool of that name.
        var safeNamesByFolded: [String: Int] = [:]
        for (name, base) in zip(names, bases) where base == name { safeNamesByFolded[base.lowercased(), default: 0] += 1 }
        var segments = zip(names, bases).map { name, base -> String in
            let exact = base == name && safeNamesByFolded[base.lowercased()] == 1 && !isReserved(base)
            return exact ? base : base + "-" + hashSuffix(name)
        }
        resolveRemainingClashes(&segments, names: names)
        return segments
    }

    /// Whether `segment` is safe as one folder or file name anywhere.
    public static func isSafe(_ segment: String) -> Bool {
        guard !segment.isEmpty, segment.utf8.count <= 255, segment != ".", segment != ".." else { return false }
        return !segment.utf8.contains { $0 == UInt8(ascii: "/") || $0 == 0 || $0 == UInt8(ascii: "\\") }
    }

    /// Safe characters kept, runs of others as one `-`, no leading `.` or `-`.
    static func base(_ name: String) -> String {
        var out: [UInt8] = []
        var pendingDash = false
        for byte in name.utf8 {
            let keep = isSafeByte(byte) && !(out.isEmpty && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")))
            if keep {
                if pendingDash, !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(byte)
                if out.count >= maximumBaseLength { break }
            } else {
                pendingDash = true
            }
        }
        while out.last == UInt8(ascii: ".") { out.removeLast() }
        return out.isEmpty ? "tool" : String(decoding: out, as: UTF8.self)
    }

    /// FNV-1a (64-bit) of the UTF-8 name, folded to 8 hex digits: stable across runs and machines.
    static func hashSuffix(_ name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let folded = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
        let hex = String(folded, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    private static func isSafeByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static let reserved: Set<String> = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "index.html", "policy.json",
    ]

    private static func isReserved(_ base: String) -> Bool {
        let folded = base.lowercased()
        let stem = folded.split(separator: ".", maxSplits: 1).first.map(String.init) ?? folded
        return reserved.contains(folded) || reserved.contains(stem)
    }

    /// A hostile catalog can name a tool exactly like another's hashed segment; number such
    /// clashes in the order of the exact names, so the outcome still ignores input order.
    private static func resolveRemainingClashes(_ segments: inout [String], names: [String]) {
        var holders: [String: [Int]] = [:]
        for (index, segment) in segments.enumerated() { holders[segment.lowercased(), default: []].append(index) }
        var taken = Set(holders.keys)
        for (_, indices) in holders.sorted(by: { $0.key < $1.key }) where indices.count > 1 {
            let ordered = indices.sorted { Array(names[$0].utf8).lexicographicallyPrecedes(Array(names[$1].utf8)) }
            for index in ordered.dropFirst() {
                var number = 2
                while taken.contains("\(segments[index])-\(number)".lowercased()) { number += 1 }
                segments[index] = "\(segments[index])-\(number)"
                taken.insert(segments[index].lowercased())
            }
        }
    }
}
