import Catalog
import Foundation
import JSON
import Testing

/// Catalog folders load, and `check` reports every problem at once with its file and JSON pointer.
@Suite struct CatalogLoadingTests {
    @Test func sharedCatalogLoads() {
        #expect(SharedCatalog.catalog.servers.count == 13)
        #expect(SharedCatalog.catalog.tools.count == 510)
        #expect(SharedCatalog.catalog.servers.map(\.id) == SharedCatalog.catalog.servers.map(\.id).sorted())
        let twenty = SharedCatalog.server("twenty-crm-jdu278")
        #expect(twenty.tools.count == 218)
        #expect(twenty.sourcePath?.hasSuffix("servers/twenty-crm-jdu278.json") == true)
    }

    @Test func reportsEveryProblemAtOnceWithFileAndPointer() throws {
        let folder = try TemporaryCatalog()
        try folder.write("servers/broken.json", "{\"id\": \"broken\",\n \"tools\": [}")
        try folder.write("servers/dupes.json", """
            {"id": "dupes", "name": "Dupes", "tools": [
              {"name": "get", "inputSchema": {"type": "object"}},
              {"name": "get", "inputSchema": {"type": "object"}},
              {"inputSchema": {"type": "object"}},
              {"name": "bad_schema", "inputSchema": []},
              {"name": "string_schema", "inputSchema": {"type": "string"}},
              {"name": "no_schema"},
              {"name": "bad_hint", "inputSchema": {"type": "object"}, "annotations": {"readOnlyHint": "yes"}}
            ]}
            """)
        try folder.write("servers/mismatch.json", #"{"id": "other", "tools": []}"#)
        try folder.write("servers/unsafe.json", #"{"id": "../etc", "tools": []}"#)
        try folder.write("servers/notool.json", #"{"id": "notool"}"#)
        try folder.write("servers/fine.json", #"{"id": "fine", "tools": [{"name": "a", "inputSchema": {"type": "object"}}]}"#)
        try folder.write("servers/fine/ghost.md", "a note for no tool")
        try folder.write("servers/lost/a.md", "a note for no server")

        let result = Catalog.check(directories: [folder.path])
        let found = Set(result.problems.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent) \($0.pointer) \($0.message)" })
        func expectProblem(_ file: String, _ pointer: String, _ messagePrefix: String) {
            #expect(found.contains { $0.hasPrefix("\(file) \(pointer) \(messagePrefix)") }, "missing: \(file) \(pointer) \(messagePrefix) in \(found.sorted())")
        }
        #expect(found.contains { $0.hasPrefix("broken.json ") && $0.contains("invalid JSON at line 2") }, "\(found.sorted())")
        expectProblem("dupes.json", "/tools/1/name", "duplicate tool name 'get' (first at /tools/0/name)")
        expectProblem("dupes.json", "/tools/2", "missing required field 'name'")
        expectProblem("dupes.json", "/tools/3/inputSchema", "must be a JSON object (the input schema)")
        expectProblem("dupes.json", "/tools/4/inputSchema/type", "the input schema must describe an object")
        expectProblem("dupes.json", "/tools/5", "missing required field 'inputSchema'")
        expectProblem("dupes.json", "/tools/6/annotations/readOnlyHint", "must be true or false")
        expectProblem("mismatch.json", "/id", "id 'other' does not match the file name")
        expectProblem("unsafe.json", "/id", "id '../etc' is not a safe path segment")
        expectProblem("notool.json", "/", "missing required field 'tools'")
        expectProblem("ghost.md", "/", "a note for no tool of server 'fine'")
        expectProblem("lost", "/", "a notes folder with no server file 'lost.json'")
        #expect(result.problems.count == 12)
        #expect(throws: CatalogError.self) { try Catalog.load(from: [folder.path]) }
    }

    @Test func duplicateServerIdsAcrossFoldersAreAProblem() throws {
        let first = try TemporaryCatalog()
        let second = try TemporaryCatalog()
        for folder in [first, second] {
            try folder.write("servers/same.json", #"{"id": "same", "tools": []}"#)
        }
        let result = Catalog.check(directories: [first.path, second.path])
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.message.hasPrefix("duplicate server id 'same'") == true)
        #expect(result.catalog.servers.count == 1)
    }

    @Test func missingFoldersAreProblems() {
        let result = Catalog.check(directories: ["/nonexistent/catalog"])
        #expect(result.problems.map(\.message) == ["no such catalog folder (a catalog folder holds servers/<id>.json)"])
    }

    @Test func notesAttachToTheirToolsByFileName() throws {
        let folder = try TemporaryCatalog()
        try folder.write("servers/acme.json", """
            {"id": "acme", "name": "Acme", "tools": [
              {"name": "UpdateOneConnectedAccount", "inputSchema": {"type": "object"}},
              {"name": "issues/create", "inputSchema": {"type": "object"}}
            ]}
            """)
        try folder.write("servers/acme/UpdateOneConnectedAccount.md", "A known incident.")
        try folder.write("servers/acme/issues%2Fcreate.md", "Slashes are encoded.")
        let catalog = try Catalog.load(from: [folder.path])
        let server = try #require(catalog.server(id: "acme"))
        #expect(server.tool(named: "UpdateOneConnectedAccount")?.note == "A known incident.")
        #expect(server.tool(named: "issues/create")?.note == "Slashes are encoded.")
    }

    @Test(arguments: [
        ("UpdateOneConnectedAccount", "UpdateOneConnectedAccount.md"),
        ("get-env", "get-env.md"),
        ("issues/create", "issues%2Fcreate.md"),
        ("..", "%2E..md"),
        ("a b:c", "a%20b%3Ac.md"),
        ("100%", "100%25.md"),
        ("café", "caf%C3%A9.md"),
    ])
    func noteFileNamesAreSafeAndOneToOne(_ tool: String, _ file: String) {
        #expect(NoteFileName.for(tool: tool) == file)
    }

    @Test(arguments: ["twenty-crm-jdu278", "a.b_c-1"]) func safeIds(_ id: String) {
        #expect(NoteFileName.isSafePathSegment(id))
    }

    @Test(arguments: ["", ".", "..", ".hidden", "a/b", "a b", "é"]) func unsafeIds(_ id: String) {
        #expect(!NoteFileName.isSafePathSegment(id))
    }
}

/// A catalog folder in a fresh temporary directory, removed when the test ends.
final class TemporaryCatalog {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/servers", withIntermediateDirectories: true)
    }

    func write(_ relativePath: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
