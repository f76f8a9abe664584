/// Where a page lives in the output: its folder's segments below `--out`. The file is
/// `index.html` in that folder; its canonical URL is the folder's (`/servers/x/`).
///
/// Links between pages are relative and name `index.html`, so the site works from `file://`
/// as well as from a web server at any path.
public struct PageLocation: Sendable, Hashable {
    public var segments: [String]

    public init(_ segments: [String]) {
        self.segments = segments
    }

    public static let home = PageLocation([])

    public static func server(_ server: String) -> PageLocation {
        PageLocation(["servers", server])
    }

    public static func tool(_ tool: String, server: String) -> PageLocation {
        PageLocation(["servers", server, "tools", tool])
    }

    /// The questions every tool shares.
    public static let faq = PageLocation(["faq"])

    public static func attackPattern(_ id: String) -> PageLocation {
        PageLocation(["attack-patterns", id])
    }

    /// From this page up to the site's root: `../../` for a server page, `` for the home page.
    public var root: String {
        String(repeating: "../", count: segments.count)
    }

    /// The output file's segments.
    public var file: [String] { segments + ["index.html"] }

    /// The page's path from the site root, as a link: `servers/x/index.html`.
    public var pathFromRoot: String {
        (segments + ["index.html"]).joined(separator: "/")
    }

    /// A link from this page to `other`.
    public func link(to other: PageLocation) -> String {
        root + other.pathFromRoot
    }

    /// A link from this page to a file in `other`'s folder.
    public func link(toFile name: String, in other: PageLocation) -> String {
        root + (other.segments + [name]).joined(separator: "/")
    }

    /// The canonical URL: the base URL and the folder, ending in `/`.
    public func canonicalURL(base: SiteURL) -> String {
        base.absolute(segments.isEmpty ? "" : segments.joined(separator: "/") + "/")
    }
}

/// The site's public address (`--base-url`), always ending in `/`: canonical URLs, OpenGraph
/// URLs and the sitemap are built on it.
public struct SiteURL: Sendable, Equatable {
    public let value: String

    /// `nil` unless the text is an absolute `http` or `https` URL without spaces, quotes or `<>`.
    public init?(_ text: String) {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), text.count > 8,
              !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "'" || $0 == "\\" }),
              !text.contains("?"), !text.contains("#")
        else { return nil }
        value = text.hasSuffix("/") ? text : text + "/"
    }

    /// `http://127.0.0.1:8080/`, where `gatehouse serve` serves the site by default.
    public static let local = SiteURL("http://127.0.0.1:8080/")!

    public func absolute(_ path: String) -> String {
        value + path
    }

    /// The path part (`/` or `/docs/`), for pages that are served at any depth (404.html).
    public var path: String {
        guard let schemeEnd = value.range(of: "://") else { return "/" }
        let afterHost = value[schemeEnd.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return "/" }
        return String(afterHost[slash...])
    }
}
