import Catalog
import Testing
@testable import SiteGenerator

/// `generate` warns, without stopping, about a loopback base URL left at its default and about a
/// server two catalog folders describe.
@Suite struct SiteWarningsTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/", true), ("http://localhost/", true), ("http://[::1]:8080/", true),
        ("https://tools.example.com/", false), ("http://127.0.0.10.example.com/", false),
    ])
    func loopbackHostsAreRecognised(_ url: String, _ loopback: Bool) {
        #expect(SiteWarnings.isLoopback(SiteURL(url)!) == loopback)
    }

    @Test func aLoopbackBaseURLWarnsOnlyWhenLeftAtTheDefault() {
        #expect(SiteWarnings.baseURL(.local, leftAtDefault: true).count == 1)
        #expect(SiteWarnings.baseURL(.local, leftAtDefault: false).isEmpty, "passed explicitly: meant")
        #expect(SiteWarnings.baseURL(SiteURL("https://tools.example.com/")!, leftAtDefault: true).isEmpty)
    }

    @Test func theSameRepositoryInTwoCatalogFoldersUnderDifferentIDsWarns() {
        let servers = [
            CatalogServer(id: "acme", name: "Acme", repository: "https://github.com/Acme/mcp.git", tools: [], sourcePath: "content/servers/acme.json"),
            CatalogServer(id: "acme-mcp", name: "Acme MCP", repository: "acme/mcp", tools: [], sourcePath: "more/servers/acme-mcp.json"),
            // Two servers of one monorepo in one folder are different servers.
            CatalogServer(id: "git", name: "Git", repository: "modelcontextprotocol/servers", tools: [], sourcePath: "content/servers/git.json"),
            CatalogServer(id: "time", name: "Time", repository: "modelcontextprotocol/servers", tools: [], sourcePath: "content/servers/time.json"),
        ]
        let warnings = SiteWarnings.duplicates(servers, folders: ["content", "more"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("'acme'") == true && warnings.first?.contains("'acme-mcp'") == true)
        #expect(warnings.first?.contains("acme/mcp") == true)
    }
}
