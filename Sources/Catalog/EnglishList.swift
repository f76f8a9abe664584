/// Writing English lists.
enum EnglishList {
    /// "a", "a and b", "a, b and c".
    static func of(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
