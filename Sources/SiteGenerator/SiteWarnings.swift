import Catalog

/// What `gatehouse generate` warns about without stopping: a site whose links point at this
/// machine, and servers that two catalog folders both describe.
enum SiteWarnings {
    /// The hosts that only this machine reaches.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]", "0.0.0.0"]

    static func isLoopback(_ url: SiteURL) -> Bool {
        guard let schemeEnd = url.value.range(of: "://") else { return false }
        let authority = url.value[schemeEnd.upperBound...].prefix { $0 != "/" }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        return loopbackHosts.contains(host.lowercased())
    }

    /// When the base URL was left at its loopback default: canonical links and the sitemap
    /// would send readers and search engines to 127.0.0.1.
    static func baseURL(_ url: SiteURL, leftAtDefault: Bool) -> [String] {
        guard leftAtDefault, isLoopback(url) else { return [] }
        return ["--base-url is left at \(url.value): canonical links, OpenGraph URLs and the sitemap point at this machine. Before publishing the site, pass its public address, e.g. --base-url https://tools.example.com/ (or pass --base-url \(url.value) to say this is meant)."]
    }

    /// Servers with the same repository in different catalog folders, under different ids: the
    /// site would show the same server twice.
    static func duplicates(_ servers: [CatalogServer], folders: [String]) -> [String] {
        var byRepository: [String: [CatalogServer]] = [:]
        for server in servers {
            guard let repository = server.repository.map(normalized), !repository.isEmpty else { continue }
            byRepository[repository, default: []].append(server)
        }
        return byRepository.keys.sorted().compactMap { repository in
            let group = byRepository[repository]!
            let inFolders = Set(group.map { folder(of: $0, in: folders) })
            guard inFolders.count > 1, Set(group.map(\.id)).count > 1 else { return nil }
            let listed = group.map { "'\($0.id)' (\($0.sourcePath ?? folder(of: $0, in: folders)))" }
            return "the same server is in two catalog folders: \(EnglishList.of(listed)) share the repository \(repository). Keep one, or the site lists it twice."
        }
    }

    /// `github.com/Owner/Repo.git/` → `owner/repo`.
    static func normalized(_ repository: String) -> String {
        var text = repository.lowercased()
        for prefix in ["https://", "http://", "git@", "www."] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        for prefix in ["github.com/", "github.com:"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".git") { text.removeLast(4) }
        return text
    }

    private static func folder(of server: CatalogServer, in folders: [String]) -> String {
        guard let path = server.sourcePath else { return "" }
        return folders.filter { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }.max { $0.count < $1.count } ?? ""
    }
}
