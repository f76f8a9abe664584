import Importer
import Testing

@Suite struct ImportSourceTests {
    @Test func recordsTheCommandLineQuotedButNotTheEnvironment() {
        let source = ImportSource.stdio(command: ["mcp-server-git", "--repository", "/tmp/my repo"], environment: ["GITHUB_TOKEN": "secret"])
        #expect(source.recordedSource == "mcp-server-git --repository '/tmp/my repo'")
        #expect(source.transport == "stdio")
    }

    @Test func recordsTheURLWithoutCredentialsOrQuery() {
        let source = ImportSource.http(url: "https://user:pw@mcp.example.com/mcp?api_key=secret", headers: ["Authorization": "Bearer x"])
        #expect(source.recordedSource == "https://mcp.example.com/mcp")
        #expect(ImportSource.http(url: "http://127.0.0.1:9200/mcp", headers: [:]).recordedSource == "http://127.0.0.1:9200/mcp")
    }
}
