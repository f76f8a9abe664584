import Dispatch
import Foundation
import JSON
import Synchronization

/// Every server loaded from one or more catalog folders.
///
/// A catalog folder holds `servers/<id>.json` (one MCP server: what its `tools/list` returns,
/// plus a little metadata) and, optionally, `servers/<id>/<tool>.md` notes shown on a tool's page
/// (file names from ``NoteFileName``). See docs/catalog.md.
public struct Catalog: Sendable {
    public var servers: [CatalogServer]

    public init(servers: [CatalogServer]) {
        self.servers = servers
    }

    public func server(id: String) -> CatalogServer? {
        servers.first { $0.id == id }
    }

    /// Every tool, with its server, in server-id then catalog order.
    public var tools: [(server: CatalogServer, tool: CatalogTool)] {
        servers.flatMap { server in server.tools.map { (server, $0) } }
    }

    /// Loads every `servers/*.json` under each folder, in id order, or throws every problem found.
    public static func load(from directories: [String]) throws(CatalogError) -> Catalog {
        let result = check(directories: directories)
        guard result.problems.isEmpty else { throw CatalogError(problems: result.problems) }
        return result.catalog
    }

    /// Reads the folders and reports every problem at once: unreadable folders and files,
    /// invalid JSON, missing or duplicate tool names, schemas that are not objects, unsafe or
    /// duplicate server ids, notes for tools that do not exist. The catalog holds the servers
    /// that had no problems.
    public static func check(directories: [String]) -> CatalogCheckResult {
        var servers: [CatalogServer] = []
        var problems: [CatalogProblem] = []
        var fileForID: [String: String] = [:]
        for directory in directories {
            let folder = CatalogFolder(path: directory)
            let (found, folderProblems) = folder.read()
            problems += folderProblems
            for server in found {
                if let first = fileForID[server.id] {
                    problems.append(CatalogProblem(
                        file: server.sourcePath ?? directory, at: JSONPointer(["id"]),
                        "duplicate server id '\(server.id)' (also in \(first))"))
                    continue
                }
                fileForID[server.id] = server.sourcePath ?? directory
                servers.append(server)
            }
        }
        return CatalogCheckResult(catalog: Catalog(servers: servers.sorted { $0.id < $1.id }), problems: problems)
    }
}

/// What ``Catalog/check(directories:)`` found.
public struct CatalogCheckResult: Sendable {
    /// The servers that loaded without problems.
    public var catalog: Catalog
    public var problems: [CatalogProblem]

    public var isValid: Bool { problems.isEmpty }
}

/// One catalog folder on disk: the thin layer of file reading around ``ServerFileReader``.
struct CatalogFolder {
    let path: String

    func read() -> (servers: [CatalogServer], problems: [CatalogProblem]) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], [CatalogProblem(file: path, "no such catalog folder (a catalog folder holds servers/<id>.json)")])
        }
        let serversPath = (path as NSString).appendingPathComponent("servers")
        guard let entries = try? manager.contentsOfDirectory(atPath: serversPath) else {
            return ([], [CatalogProblem(file: path, "no servers/ folder in this catalog folder")])
        }
        let serverFiles = entries.filter { $0.hasSuffix(".json") }.sorted()
        // Files are independent: read them on every core, then merge in file order.
        let results = Mutex([(server: CatalogServer?, problems: [CatalogProblem])?](repeating: nil, count: serverFiles.count))
        DispatchQueue.concurrentPerform(iterations: serverFiles.count) { index in
            let result = readServer(serverFiles[index], in: serversPath)
            results.withLock { $0[index] = result }
        }
        var servers: [CatalogServer] = []
        var problems: [CatalogProblem] = []
        for case let result? in results.withLock({ $0 }) {
            problems += result.problems
            if let server = result.server { servers.append(server) }
        }
        problems += orphanNoteFolders(entries: entries, serverFiles: serverFiles, in: serversPath)
        return (servers, problems)
    }

    /// One `servers/<id>.json` with its notes, or the problems that keep it out.
    private func readServer(_ entry: String, in serversPath: String) -> (server: CatalogServer?, problems: [CatalogProblem]) {
        let file = (serversPath as NSString).appendingPathComponent(entry)
        guard let data = FileManager.default.contents(atPath: file) else {
            return (nil, [CatalogProblem(file: file, "cannot read the file")])
        }
        var reader = ServerFileReader(file: file, expectedID: String(entry.dropLast(".json".count)))
        guard var server = reader.read(data) else { return (nil, reader.problems) }
        let noteProblems = attachNotes(to: &server, in: serversPath)
        return (server, reader.problems + noteProblems)
    }

    /// Reads `servers/<id>/*.md` into the tools they belong to; a note for no tool is a problem.
    private func attachNotes(to server: inout CatalogServer, in serversPath: String) -> [CatalogProblem] {
        let folder = (serversPath as NSString).appendingPathComponent(server.id)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var toolIndexForNote: [String: Int] = [:]
        for (index, tool) in server.tools.enumerated() { toolIndexForNote[NoteFileName.for(tool: tool.name)] = index }
        var problems: [CatalogProblem] = []
        for entry in entries.sorted() where entry.hasSuffix(NoteFileName.fileExtension) {
            let file = (folder as NSString).appendingPathComponent(entry)
            guard let index = toolIndexForNote[entry] else {
                problems.append(CatalogProblem(file: file, "a note for no tool of server '\(server.id)' (note files are named after the tool; see docs/catalog.md)"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                problems.append(CatalogProblem(file: file, "cannot read the note as UTF-8 text"))
                continue
            }
            server.tools[index].note = text
        }
        return problems
    }

    /// Note folders whose server file is missing.
    private func orphanNoteFolders(entries: [String], serverFiles: [String], in serversPath: String) -> [CatalogProblem] {
        let ids = Set(serverFiles.map { String($0.dropLast(".json".count)) })
        return entries.sorted().compactMap { entry in
            let path = (serversPath as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard !entry.hasPrefix("."), !ids.contains(entry), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { return nil }
            return CatalogProblem(file: path, "a notes folder with no server file '\(entry).json'")
        }
    }
}
