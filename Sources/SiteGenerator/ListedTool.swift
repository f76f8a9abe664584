import Catalog

/// A tool as the site's lists, facet pages and search see it: what it is called, where its page
/// is, and the facts the lists are cut by. Made once per tool while its server is generated.
struct ListedTool: Sendable {
    var name: String
    var title: String
    /// The definition's description (searched, never shown by the lists).
    var description: String
    var serverName: String
    /// From the site root: `servers/x/tools/y/index.html`.
    var path: String
    var level: RiskLevel
    var category: ToolCategory
    var sensitivity: [Sensitivity]
    var openWorld: Bool
    var hasDescription: Bool
    /// Indices into the attack-pattern library of the patterns that concern it.
    var patterns: [Int]

    /// Worst first (critical before low), then by name and server: the order of every tool list.
    static func worstFirst(_ a: ListedTool, _ b: ListedTool) -> Bool {
        if a.level != b.level { return a.level > b.level }
        if a.name != b.name { return a.name < b.name }
        return a.serverName < b.serverName
    }
}
