import JSON
import Testing
import Upstream

/// MCPClient against scripted stdio peers (`sh` reading our lines and printing replies).
/// Its ids are predictable: gatehouse-1, gatehouse-2, ...
@Suite(.timeLimit(.minutes(1))) struct MCPClientTests {
    private static let initializeReply = #"{"jsonrpc":"2.0","id":"gatehouse-1","result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"scripted","version":"1.2.3"}}}"#

    /// Runs `body` with a client over `sh -c script`, reading events in the background.
    private func withClient<T: Sendable>(
        _ script: String, _ body: @Sendable (MCPClient) async throws -> T
    ) async throws -> T {
        let upstream = try await StdioUpstream.launch(shell("scripted", script), logger: testLogger)
        let client = MCPClient(connection: upstream, logger: testLogger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            do {
                let result = try await body(client)
                await upstream.close()
                return result
            } catch {
                await upstream.close()
                throw error
            }
        }
    }

    @Test func initializesAndListsEveryPage() async throws {
        let script = """
            read -r line; echo '\(Self.initializeReply)'
            read -r initialized
            read -r first; echo '{"jsonrpc":"2.0","id":"gatehouse-2","result":{"tools":[{"name":"a","inputSchema":{"type":"object"}}],"nextCursor":"page-2"}}'
            read -r second
            case "$second" in
              *'"cursor":"page-2"'*) echo '{"jsonrpc":"2.0","id":"gatehouse-3","result":{"tools":[{"name":"b","inputSchema":{"type":"object"}}]}}' ;;
              *) echo '{"jsonrpc":"2.0","id":"gatehouse-3","error":{"code":-32602,"message":"no cursor"}}' ;;
            esac
            case "$initialized" in *'notifications/initialized'*) ;; *) exit 9 ;; esac
            read -r rest
            """
        let (info, tools) = try await withClient(script) { client in
            let info = try await client.initialize(clientName: "gatehouse", clientVersion: "test", timeout: .seconds(10))
            return (info, try await client.listTools(timeout: .seconds(10)))
        }
        #expect(info.name == "scripted")
        #expect(info.version == "1.2.3")
        #expect(info.protocolVersion == "2025-11-25")
        #expect(tools.compactMap { $0["name"]?.stringValue } == ["a", "b"])
    }

    @Test func stopsAPaginationLoop() async throws {
        let script = """
            while read -r line; do
              id=$(printf '%s' "$line" | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')
              echo "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":\\"$id\\",\\"result\\":{\\"tools\\":[],\\"nextCursor\\":\\"again\\"}}"
            done
            """
        let error = await #expect(throws: MCPClientError.self) {
            try await withClient(script) { client in try await client.listTools(timeout: .seconds(10)) }
        }
        #expect(error == .invalidResult(server: "scripted", method: "tools/list", reason: "it sent the cursor 'again' twice (a pagination loop)"))
    }

    @Test func timesOutOnAServerThatNeverAnswers() async throws {
        let error = await #expect(throws: MCPClientError.self) {
            try await withClient("cat > /dev/null") { client in
                try await client.request("tools/list", timeout: .milliseconds(200))
            }
        }
        #expect(error == .timedOut(server: "scripted", method: "tools/list", timeout: .milliseconds(200)))
        #expect(error?.description == "upstream scripted did not answer tools/list within 0.2 seconds")
    }

    @Test func skipsGarbageAndKeepsReading() async throws {
        let script = #"read -r line; echo '{this is not json}'; echo '{"no":"envelope"}'; echo 'plain text'; echo '{"jsonrpc":"2.0","id":"gatehouse-1","result":{"ok":true}}'; read -r rest"#
        let (result, skipped) = try await withClient(script) { client in
            (try await client.request("ping", timeout: .seconds(10)), client.skippedMessageCount)
        }
        #expect(result == ["ok": true])
        #expect(skipped == 2, "the plain text line never reaches the client: the stdio transport skips it")
    }

    @Test func reportsAJSONRPCErrorWithItsCode() async throws {
        let script = #"read -r line; echo '{"jsonrpc":"2.0","id":"gatehouse-1","error":{"code":-32601,"message":"Method not found"}}'; read -r rest"#
        let error = await #expect(throws: MCPClientError.self) {
            try await withClient(script) { client in try await client.request("resources/list", timeout: .seconds(10)) }
        }
        #expect(error == .rpcError(server: "scripted", method: "resources/list", code: -32601, message: "Method not found"))
    }

    @Test func failsAPendingRequestAtOnceWhenTheServerExits() async throws {
        let error = await #expect(throws: MCPClientError.self) {
            try await withClient("read -r line; echo 'fatal: no config' >&2; exit 2") { client in
                try await client.request("initialize", timeout: .seconds(30))
            }
        }
        guard case .connectionClosed(_, "initialize", let closure)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(closure.cause == .exited(status: 2))
        #expect(closure.recentStderr == ["fatal: no config"])
    }

    @Test func answersTheServersPing() async throws {
        let script = """
            read -r line
            echo '{"jsonrpc":"2.0","id":"server-1","method":"ping"}'
            read -r pong
            case "$pong" in
              *'"id":"server-1"'*'"result":{}'*) echo '{"jsonrpc":"2.0","id":"gatehouse-1","result":{"pong":"answered"}}' ;;
              *) echo '{"jsonrpc":"2.0","id":"gatehouse-1","result":{"pong":"missing"}}' ;;
            esac
            read -r rest
            """
        let result = try await withClient(script) { client in try await client.request("ping", timeout: .seconds(10)) }
        #expect(result == ["pong": "answered"])
    }

    @Test func refusesAProtocolVersionItDoesNotSpeak() async throws {
        let script = #"read -r line; echo '{"jsonrpc":"2.0","id":"gatehouse-1","result":{"protocolVersion":"2026-07-28","capabilities":{},"serverInfo":{"name":"modern"}}}'; read -r rest"#
        let error = await #expect(throws: MCPClientError.self) {
            try await withClient(script) { client in try await client.initialize(clientName: "g", clientVersion: "1", timeout: .seconds(10)) }
        }
        guard case .invalidResult(_, "initialize", let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("chose protocol version 2026-07-28"))
    }
}
