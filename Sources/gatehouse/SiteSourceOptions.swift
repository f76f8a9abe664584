import ArgumentParser
import SiteGenerator

/// `--templates DIR` and `--patterns DIR`: what a site is rendered with. Without them, a site
/// folder's own `templates/` and `content/attack-patterns/` (as `gatehouse new site` writes
/// them), else the ones built into the binary — so `gatehouse generate` works from any folder.
struct SiteSourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The templates folder (layout, pages, partials, assets). Default: ./templates when it exists, else the built-in templates.",
        valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp(
        "The attack-pattern library, one Markdown file per pattern. Default: ./content/attack-patterns when it exists, else the built-in library.",
        valueName: "dir"))
    var patterns: String?

    /// The templates folder to use.
    func resolvedTemplates() throws -> String {
        if let chosen = SiteDefaults.choose(templates, local: SiteDefaults.localTemplates) { return chosen }
        return try Self.builtIn(SiteDefaults.builtInTemplates)
    }

    /// The attack-pattern folder to use.
    func resolvedPatterns() throws -> String {
        try Self.patternsFolder(patterns)
    }

    /// The attack-pattern folder for an optional `--patterns` value: the one given, else
    /// `./content/attack-patterns` when it exists, else the built-in library.
    static func patternsFolder(_ given: String?) throws -> String {
        if let chosen = SiteDefaults.choose(given, local: SiteDefaults.localPatterns) { return chosen }
        return try builtIn(SiteDefaults.builtInPatterns)
    }

    private static func builtIn(_ find: () throws(SiteError) -> String) throws -> String {
        do { return try find() } catch { throw CommandFailure("gatehouse: \(error)") }
    }
}
