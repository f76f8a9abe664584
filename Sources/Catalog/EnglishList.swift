/// Writing English lists: the one joiner the classifier's rationales and the site's pages share.
public enum EnglishList {
    /// "a", "a and b", "a, b and c".
    public static func of(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
