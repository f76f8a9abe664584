import ArgumentParser
import Catalog
import SiteGenerator

/// `gatehouse catalog lint`: every recommendation checked against the attack patterns its page links.
struct CatalogLintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every recommended rule against the attack patterns its tool's page links.",
        discussion: """
            Each attack pattern (the built-in library, or ./content/attack-patterns/*.md) names, in its 'answered-by' header, the \\
            rule answers that meet it: gate (approval or deny), limit, host-condition, path-condition, \\
            credential-guard, amount-cap. A tool's page links the patterns that concern it; its \\
            recommended rule must give one of each pattern's answers. Every contradiction is printed \\
            with the tool and the pattern; the exit status is 1 if there is any \\
            (docs/classification.md, "Rule table").

            Examples:
              gatehouse catalog lint --catalog ../shared/catalog
              gatehouse catalog lint --catalog ../shared/wild-catalog --patterns my-site/content/attack-patterns
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(help: ArgumentHelp(
        "The attack-pattern folder. Default: ./content/attack-patterns when it exists, else the built-in library.",
        valueName: "dir"))
    var patterns: String?

    func run() async throws {
        let loaded = try catalog.loadCatalog()
        let folder = try SiteSourceOptions.patternsFolder(patterns)
        let library: AttackPatternLibrary
        do {
            library = try AttackPatternLibrary.load(from: folder)
        } catch {
            throw CommandFailure(error.description)
        }
        let result = RecommendationLint.check(loaded, patterns: library)
        for contradiction in result.contradictions { Console.out(contradiction.description) }
        let summary = "\(result.contradictions.count) contradiction(s) in \(result.checked) recommendations, \(result.links) pattern links checked"
        guard result.contradictions.isEmpty else { throw CommandFailure(summary) }
        Console.out("ok: \(summary)")
    }
}
