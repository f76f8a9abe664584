/// Short quotations for evidence: exact text, cut at a word boundary with "…" when long.
enum Quote {
    static let maximumLength = 100

    static func short(_ text: String) -> String {
        let trimmed = text.trimming(" .:")
        guard trimmed.count > maximumLength else { return trimmed }
        let prefix = trimmed.prefix(maximumLength)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return cut.trimming(" ,;:") + "…"
    }
}

extension StringProtocol {
    /// Without leading or trailing characters from `set` (no Foundation needed).
    func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
