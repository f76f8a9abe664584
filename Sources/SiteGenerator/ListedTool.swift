import Catalog

/// A tool as the site's lists, facet pages and search see it: what it is called, where its page
/// is, and the facts the lists are cut by. Made once per tool while its server is generated.
///
/// A class of constants, not a struct: every facet, pager page and sort holds the same tools,
/// and copying a reference is one retain where copying the fields was a dozen.
final class ListedTool: Sendable {
    let name: String
    let title: String
    /// The definition's description (searched, never shown by the lists).
    let description: String
    let serverName: String
    /// From the site root: `servers/x/tools/y/index.html`.
    let path: String
    let level: RiskLevel
    let category: ToolCategory
    let sensitivity: [Sensitivity]
    let openWorld: Bool
    let hasDescription: Bool
    /// Indices into the attack-pattern library of the patterns that concern it.
    let patterns: [Int]

    init(
        name: String, title: String, description: String, serverName: String, path: String, level: RiskLevel,
        category: ToolCategory, sensitivity: [Sensitivity], openWorld: Bool, hasDescription: Bool, patterns: [Int]
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.serverName = serverName
        self.path = path
        self.level = level
        self.category = category
        self.sensitivity = sensitivity
        self.openWorld = openWorld
        self.hasDescription = hasDescription
        self.patterns = patterns
    }

    /// Worst first (critical before low), then by name and server: the order of every tool list.
    static func worstFirst(_ a: ListedTool, _ b: ListedTool) -> Bool {
        if a.level != b.level { return a.level > b.level }
        if a.name != b.name { return a.name < b.name }
        return a.serverName < b.serverName
    }
}
