import Catalog
import Importer
import JSON
import Logging
import Testing

/// ServerImporter against scripted stdio servers (`sh` reading our lines, printing replies).
@Suite(.timeLimit(.minutes(1))) struct ServerImporterTests {
    private let importer = ServerImporter(logger: Logger(label: "importer-tests") { _ in SwiftLogNoOpLogHandler() })

    private static func server(tools pages: [String]) -> [String] {
        var script = #"read -r line; echo '{"jsonrpc":"2.0","id":"gatehouse-1","result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"Acme CRM","title":"Acme","version":"2.0"}}}'; read -r initialized"#
        for (index, page) in pages.enumerated() {
            script += "; read -r list; echo '{\"jsonrpc\":\"2.0\",\"id\":\"gatehouse-\(index + 2)\",\"result\":\(page)}'"
        }
        return ["sh", "-c", script + "; read -r rest"]
    }

    @Test func importsEveryPageAndNamesTheServerAfterItself() async throws {
        let command = Self.server(tools: [
            #"{"tools":[{"name":"list_people","inputSchema":{"type":"object"}}],"nextCursor":"2"}"#,
            #"{"tools":[{"name":"delete_person","inputSchema":{"type":"object","properties":{"id":{"type":"string"}}}}]}"#,
        ])
        let server = try await importer.importServer(
            from: .stdio(command: command, environment: [:]), timeout: .seconds(20), importedAt: "2026-11-30T00:00:00Z")
        #expect(server.id == "acme-crm")
        #expect(server.protocolVersion == "2025-06-18")
        #expect(server.transport == "stdio")
        #expect(server.tools.compactMap { $0["name"]?.stringValue } == ["list_people", "delete_person"])
        #expect(ServerFileWriter.json(for: server)["name"] == "Acme")
    }

    @Test func usesTheIDItIsGiven() async throws {
        let command = Self.server(tools: [#"{"tools":[]}"#])
        let server = try await importer.importServer(
            from: .stdio(command: command, environment: [:]), id: "acme", timeout: .seconds(20), importedAt: "now")
        #expect(server.id == "acme")
    }

    @Test func refusesToolsTheCatalogWouldRefuse() async throws {
        let command = Self.server(tools: [#"{"tools":[{"name":"x","inputSchema":{"type":"object"}},{"name":"x","inputSchema":{"type":"object"}}]}"#])
        let error = await #expect(throws: ImportError.self) {
            try await importer.importServer(from: .stdio(command: command, environment: [:]), timeout: .seconds(20), importedAt: "now")
        }
        guard case .invalidServerFile(let problems)? = error?.reason else { Issue.record("got \(String(describing: error))"); return }
        #expect(problems.map(\.message) == ["duplicate tool name 'x' (first at /tools/0/name)"])
    }

    @Test func givesItsStrayOutputAsCluesWhenTheServerNeverAnswers() async throws {
        let command = ["sh", "-c", "echo 'Listening on stdio...'; echo 'debug: ready' >&2; cat > /dev/null"]
        let error = await #expect(throws: ImportError.self) {
            try await importer.importServer(from: .stdio(command: command, environment: [:]), timeout: .milliseconds(500), importedAt: "now")
        }
        #expect(error?.reason == .requestFailed(.timedOut(server: "sh", method: "initialize", timeout: .milliseconds(500))))
        #expect(error?.clues == [
            "it printed 1 line(s) on stdout that are not JSON-RPC messages; the first: Listening on stdio...",
            "its last stderr lines: debug: ready",
        ])
    }
}
