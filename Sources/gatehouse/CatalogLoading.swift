import ArgumentParser
import Catalog
import Policy

extension CatalogOptions {
    /// The catalog, or exit 1 after printing every problem in it.
    func loadCatalog() throws -> Catalog {
        do {
            return try Catalog.load(from: resolved)
        } catch {
            for problem in error.problems { Console.error(problem.description) }
            throw CommandFailure("the catalog has \(error.problems.count) problem(s); see 'gatehouse catalog check --help'")
        }
    }

    /// The server with this id, or a usage error (exit 2) with a did-you-mean.
    func server(_ id: String, in catalog: Catalog) throws -> CatalogServer {
        guard let server = catalog.server(id: id) else {
            let hint = DidYouMean.hint(for: id, among: catalog.servers.map(\.id))
            throw ValidationError("no server '\(id)' in \(resolved.joined(separator: ", "))\(hint)")
        }
        return server
    }

    /// The tool with this name on the server, or a usage error (exit 2) with a did-you-mean.
    func tool(_ name: String, on server: CatalogServer) throws -> CatalogTool {
        guard let tool = server.tool(named: name) else {
            let hint = DidYouMean.hint(for: name, among: server.tools.map(\.name))
            throw ValidationError("server '\(server.id)' has no tool '\(name)'\(hint)")
        }
        return tool
    }
}
