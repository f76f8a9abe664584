import Catalog
import Foundation
import JSON
import Testing
@testable import SiteGenerator

/// A server page's profile: what its tools touch, whether it declares annotations, and the
/// context its tools/list costs.
@Suite struct ServerProfileTests {
    @Test func aServerWithoutAnnotationsGetsSuggestedOnesAndItsContextCost() throws {
        let server = CatalogServer(id: "crm", name: "CRM", tools: [
            CatalogTool(name: "delete_file", description: "Deletes a file.", inputSchema: ["type": "object", "properties": ["path": ["type": "string"]]]),
            CatalogTool(name: "get_api_key", description: "Returns the API key."),
        ])
        let context = ServerContext.of(server)
        let profile = ServerProfile(server: server, classifications: server.tools.map { Classifier.classify($0, in: context) })
        #expect(profile.annotatedToolCount == 0)
        #expect(profile.suggestedAnnotationsMarkdown.contains("\"delete_file\": {"))
        #expect(profile.suggestedAnnotationsMarkdown.contains("\"destructiveHint\": true"))
        #expect(profile.touches.contains { $0.id == "credentials" && $0.count >= 1 })
        let json = JSONWriter().string(ServerProfile.toolsList(server))
        #expect(json.hasPrefix("{\"tools\":[{\"name\":\"delete_file\",\"description\":\"Deletes a file.\",\"inputSchema\":"))
        #expect(profile.contextBytes == json.utf8.count)
        #expect(profile.contextTokens == Int((Double(json.utf8.count) / 4.5).rounded()))
    }

    @Test func aServerThatDeclaresAnnotationsIsCountedNotSuggested() {
        let server = CatalogServer(id: "t", name: "Time", tools: [
            CatalogTool(name: "get_time", description: "Now.", annotations: ToolAnnotations(readOnlyHint: true)),
            CatalogTool(name: "set_zone", description: "Sets the zone."),
        ])
        let context = ServerContext.of(server)
        let profile = ServerProfile(server: server, classifications: server.tools.map { Classifier.classify($0, in: context) })
        #expect(profile.annotatedToolCount == 1)
        #expect(profile.suggestedAnnotationsMarkdown.isEmpty)
        #expect(JSONWriter().string(ServerProfile.toolsList(server)).contains("\"annotations\":{\"readOnlyHint\":true}"))
    }
}
