import Catalog
import JSON
import Testing

@Suite struct ServerFileWriterTests {
    private let server = ImportedServer(
        id: "mcp-time", serverInfo: ["name": "mcp-time", "version": "1.26.0"], protocolVersion: "2025-11-25", transport: "stdio",
        source: "mcp-server-time --local-timezone UTC", importedAt: "2026-11-30T00:00:00Z",
        tools: [["name": "get_current_time", "description": "Get the time", "inputSchema": ["type": "object"], "outputSchema": ["type": "object"]]])

    @Test func writesTheCatalogFieldsServerInfoAndTheToolsVerbatim() throws {
        let json = ServerFileWriter.json(for: server)
        #expect(json["id"] == "mcp-time")
        #expect(json["name"] == "mcp-time")
        #expect(json["version"] == "1.26.0")
        #expect(json["transport"] == "stdio")
        #expect(json["serverInfo"] == ["name": "mcp-time", "version": "1.26.0"])
        #expect(json["import"] == [
            "by": "gatehouse import", "source": "mcp-server-time --local-timezone UTC", "protocolVersion": "2025-11-25",
            "date": "2026-11-30T00:00:00Z",
        ])
        #expect(json["tools"]?[0]?["outputSchema"] == ["type": "object"], "fields the catalog does not read are kept")
    }

    @Test func prefersTheServersTitleAsItsName() {
        var titled = server
        titled.serverInfo["title"] = "Time"
        #expect(ServerFileWriter.json(for: titled)["name"] == "Time")
    }

    @Test func writesAFileTheCatalogLoads() {
        let text = ServerFileWriter.text(for: server)
        #expect(text.hasSuffix("}\n"))
        #expect(ServerFileWriter.problems(in: text, file: "servers/mcp-time.json", id: "mcp-time").isEmpty)
    }

    @Test func reportsToolsTheCatalogWouldRefuse() {
        var broken = server
        broken.tools = [["name": "a", "inputSchema": ["type": "object"]], ["name": "a", "inputSchema": ["type": "string"]]]
        let problems = ServerFileWriter.problems(in: ServerFileWriter.text(for: broken), file: "servers/mcp-time.json", id: "mcp-time")
        #expect(problems.map(\.pointer.description) == ["/tools/1/inputSchema/type"])
    }

    @Test func slugsAServerNameIntoASafeID() {
        #expect(ServerID.slug(from: "mcp-time") == "mcp-time")
        #expect(ServerID.slug(from: "Acme CRM (beta)") == "acme-crm-beta")
        #expect(ServerID.slug(from: "../../etc/passwd") == "etc-passwd")
        #expect(ServerID.slug(from: "  ") == "server")
        #expect(ServerID.slug(from: "Café Ünïcode") == "caf-n-code")
        #expect(ServerID.slug(from: String(repeating: "a", count: 100)).count == 64)
        for name in ["../../etc/passwd", ".hidden", "a/b", "x y", "日本語"] {
            #expect(ServerID.isValid(ServerID.slug(from: name)), "\(name)")
        }
    }
}
