/// What `gatehouse generate` did.
public struct GenerationSummary: Sendable, Equatable {
    public var servers: Int
    public var toolPages: Int
    /// Server pages, the home page, attack-pattern pages and the 404 page.
    public var otherPages: Int
    /// Files (pages, policies, assets, index, sitemap…) whose bytes changed and were written.
    public var filesWritten: Int
    /// Files that already held the same bytes and were left alone.
    public var filesUnchanged: Int
    /// Files an earlier run wrote that this one did not (tools or servers gone from the catalog).
    public var filesRemoved: Int
    public var seconds: Double
    public var outputDirectory: String
    /// What the run did not stop for but a person should fix (``SiteWarnings``).
    public var warnings: [String] = []
    /// The pages this run rendered, by path below the output folder, sorted: the others' input
    /// was unchanged (``PageRecord``).
    public var renderedPages: [String] = []

    public var pages: Int { toolPages + otherPages }
    public var pagesPerSecond: Double { seconds > 0 ? Double(pages) / seconds : 0 }
}

/// How far generation has come, for a progress line.
public struct GenerationProgress: Sendable, Equatable {
    public var pagesDone: Int
    public var pagesTotal: Int
    public var seconds: Double

    public var pagesPerSecond: Double { seconds > 0 ? Double(pagesDone) / seconds : 0 }
}
