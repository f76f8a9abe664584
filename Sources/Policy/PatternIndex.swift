/// Pattern rules arranged so a lookup tries only the patterns that could match, without
/// reference counting on the way.
///
/// A pattern with a literal prefix can only match names starting with that prefix's first
/// byte, so patterns are bucketed by it; patterns starting with `*` are tried for every name.
/// Among the candidates, precedence (see ``ToolPattern``) decides: the best-ranked match wins.
/// Pattern text lives in one flat byte array and every other field is a plain integer, so
/// scanning a few dozen patterns costs comparisons, not retains and releases.
struct PatternIndex: Sendable {
    /// One pattern, by offsets into `pieces`; its index is both its rank and its rule's position.
    private struct Spec: Sendable {
        var firstPiece: Int32
        var pieceCount: Int32
        var literalLength: Int32
    }

    /// Rules in precedence order; a spec's index is its rule's index.
    private let rules: [CompiledRule]
    private let specs: [Spec]
    private let pieces: [GlobPiece]
    private let bytes: [UInt8]
    /// For each first byte, the ranks of patterns whose literal prefix starts with it, ascending:
    /// `candidates[bucketStart[b] ..< bucketStart[b + 1]]`.
    private let bucketStart: [Int32]
    private let candidates: [Int32]
    /// Ranks of patterns that start with `*`, ascending.
    private let leadingWildcard: [Int32]

    init(_ patternRules: [CompiledRule]) {
        rules = patternRules.sorted { $0.pattern.precedes($1.pattern) }
        var specs: [Spec] = []
        var pieces: [GlobPiece] = []
        var bytes: [UInt8] = []
        var buckets = [[Int32]](repeating: [], count: 256)
        var leading: [Int32] = []
        for (rank, rule) in rules.enumerated() {
            let pattern = rule.pattern
            specs.append(Spec(firstPiece: Int32(pieces.count), pieceCount: Int32(pattern.pieces.count),
                              literalLength: Int32(pattern.literalLength)))
            let offset = Int32(bytes.count)
            pieces.append(contentsOf: pattern.pieces.map { GlobPiece(start: $0.start + offset, length: $0.length) })
            bytes.append(contentsOf: pattern.bytes)
            if pattern.pieces[0].length > 0, let first = pattern.bytes.first {
                buckets[Int(first)].append(Int32(rank))
            } else {
                leading.append(Int32(rank))
            }
        }
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        for bucket in buckets {
            flat.append(contentsOf: bucket)
            starts.append(Int32(flat.count))
        }
        self.specs = specs
        self.pieces = pieces
        self.bytes = bytes
        bucketStart = starts
        candidates = flat
        leadingWildcard = leading
    }

    /// The highest-precedence pattern rule matching `tool`, if any.
    func firstMatch(for tool: String) -> CompiledRule? {
        guard !rules.isEmpty else { return nil }
        return tool.withUTF8Buffer(bestRank).map { rules[Int($0)] }
    }

    private func bestRank(for name: UnsafeBufferPointer<UInt8>) -> Int32? {
        specs.withUnsafeBufferPointer { specs in
            pieces.withUnsafeBufferPointer { pieces in
                bytes.withUnsafeBufferPointer { bytes in
                    candidates.withUnsafeBufferPointer { candidates in
                        leadingWildcard.withUnsafeBufferPointer { leading in
                            let bucket: UnsafeBufferPointer<Int32>
                            if let first = name.first {
                                let start = Int(bucketStart[Int(first)]), end = Int(bucketStart[Int(first) + 1])
                                bucket = UnsafeBufferPointer(rebasing: candidates[start..<end])
                            } else {
                                bucket = UnsafeBufferPointer(rebasing: candidates[0..<0])
                            }
                            // Both lists ascend by rank: walk them together, stop at the first match.
                            var i = 0, j = 0
                            while i < bucket.count || j < leading.count {
                                let rank: Int32
                                if j == leading.count || (i < bucket.count && bucket[i] < leading[j]) {
                                    rank = bucket[i]
                                    i += 1
                                } else {
                                    rank = leading[j]
                                    j += 1
                                }
                                let spec = specs[Int(rank)]
                                let own = UnsafeBufferPointer(rebasing: pieces[Int(spec.firstPiece)..<Int(spec.firstPiece + spec.pieceCount)])
                                if GlobPiece.matches(name, pieces: own, bytes: bytes, literalLength: Int(spec.literalLength)) {
                                    return rank
                                }
                            }
                            return nil
                        }
                    }
                }
            }
        }
    }
}
