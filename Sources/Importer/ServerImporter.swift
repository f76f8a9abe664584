import AsyncHTTPClient
import Catalog
import JSON
import Logging
import Upstream

/// Reads a live MCP server into an ``ImportedServer``: starts or connects to it, speaks MCP as
/// a client (initialize, then `tools/list` page by page) and closes it, all within a deadline.
///
/// It lives in its own target because it joins two layers that must not know each other:
/// `Upstream` (the client) and `Catalog` (what a server file holds).
public struct ServerImporter: Sendable {
    /// What the importer calls itself in `initialize`.
    public var clientName = "gatehouse-import"
    public var clientVersion = "0.1.0"
    private let logger: Logger
    private let httpClient: HTTPClient?

    /// `httpClient`, when given, serves `.http` sources and stays the caller's; without one the
    /// importer makes its own for the import and shuts it down after.
    public init(logger: Logger, httpClient: HTTPClient? = nil) {
        self.logger = logger
        self.httpClient = httpClient
    }

    /// The server, read within `timeout` (launching, every request and the pages together).
    /// `id` defaults to a slug of the server's name; `importedAt` is recorded as given.
    public func importServer(
        from source: ImportSource, id: String? = nil, timeout: Duration, importedAt: String
    ) async throws(ImportError) -> ImportedServer {
        guard case .http = source, httpClient == nil else {
            return try await importServer(from: source, id: id, timeout: timeout, importedAt: importedAt, httpClient: httpClient)
        }
        let ownClient = HTTPUpstream.makeHTTPClient()
        let result: Result<ImportedServer, ImportError>
        do {
            result = .success(try await importServer(from: source, id: id, timeout: timeout, importedAt: importedAt, httpClient: ownClient))
        } catch {
            result = .failure(error)
        }
        try? await ownClient.shutdown()
        return try result.get()
    }

    private func importServer(
        from source: ImportSource, id: String?, timeout: Duration, importedAt: String, httpClient: HTTPClient?
    ) async throws(ImportError) -> ImportedServer {
        let deadline = ContinuousClock.now + timeout
        let connection = try await connect(source, httpClient: httpClient)
        let client = MCPClient(connection: connection, logger: logger)
        let outcome = await withTaskGroup(of: Result<(InitializeResult, [JSONValue]), MCPClientError>?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            let outcome = await Self.handshakeAndList(client, until: deadline, clientName: clientName, clientVersion: clientVersion)
            await connection.close()
            return outcome
        }
        let (info, tools): (InitializeResult, [JSONValue])
        switch outcome {
        case .success(let value):
            (info, tools) = value
        case .failure(.timedOut(let server, let method, _)):
            // Each request got what was left of the import's time: report the whole timeout.
            let error = MCPClientError.timedOut(server: server, method: method, timeout: timeout)
            throw ImportError(.requestFailed(error), clues: clues(from: connection, client: client, after: error))
        case .failure(let error):
            throw ImportError(.requestFailed(error), clues: clues(from: connection, client: client, after: error))
        }
        let server = ImportedServer(
            id: id ?? ServerID.slug(from: info.name), serverInfo: info.serverInfo, protocolVersion: info.protocolVersion,
            transport: source.transport, source: source.recordedSource, importedAt: importedAt, tools: tools)
        let problems = ServerFileWriter.problems(in: ServerFileWriter.text(for: server), file: "servers/\(server.id).json", id: server.id)
        guard problems.isEmpty else { throw ImportError(.invalidServerFile(problems)) }
        return server
    }

    private static func handshakeAndList(
        _ client: MCPClient, until deadline: ContinuousClock.Instant, clientName: String, clientVersion: String
    ) async -> Result<(InitializeResult, [JSONValue]), MCPClientError> {
        do throws(MCPClientError) {
            let info = try await client.initialize(clientName: clientName, clientVersion: clientVersion, timeout: remaining(until: deadline))
            let tools = try await client.listTools(timeout: remaining(until: deadline))
            return .success((info, tools))
        } catch {
            return .failure(error)
        }
    }

    private static func remaining(until deadline: ContinuousClock.Instant) -> Duration {
        max(deadline - .now, .milliseconds(1))
    }

    private func connect(_ source: ImportSource, httpClient: HTTPClient?) async throws(ImportError) -> any UpstreamConnection {
        do throws(UpstreamError) {
            switch source {
            case .stdio(let command, let environment):
                // A server that ignores stdin EOF is stopped quickly: an import has nothing to lose.
                let spec = StdioServerSpec(
                    name: command[0], command: command[0], arguments: Array(command.dropFirst()), environment: environment,
                    shutdownGracePeriod: .milliseconds(500))
                return try await StdioUpstream.launch(spec, logger: logger)
            case .http(let url, let headers):
                guard let httpClient else {
                    throw UpstreamError.invalidConfiguration(server: url, reason: "no HTTP client was given to the importer")
                }
                return try HTTPUpstream(HTTPServerSpec(name: url, url: url, headers: headers), client: httpClient, logger: logger)
            }
        } catch {
            throw ImportError(.cannotConnect(error))
        }
    }

    private func clues(from connection: any UpstreamConnection, client: MCPClient, after error: MCPClientError) -> [String] {
        var clues: [String] = []
        if let stdio = connection as? StdioUpstream {
            let skipped = stdio.skippedOutput
            if let first = skipped.first {
                clues.append("it printed \(skipped.count) line(s) on stdout that are not JSON-RPC messages; the first: \(first)")
            }
            let stderr = stdio.recentStderr
            let closureQuotedStderr: Bool
            if case .connectionClosed = error { closureQuotedStderr = true } else { closureQuotedStderr = false }
            if !stderr.isEmpty, !closureQuotedStderr { clues.append("its last stderr lines: " + stderr.joined(separator: " | ")) }
        }
        if client.skippedMessageCount > 0 {
            clues.append("it sent \(client.skippedMessageCount) message(s) that are not JSON-RPC")
        }
        return clues
    }
}
