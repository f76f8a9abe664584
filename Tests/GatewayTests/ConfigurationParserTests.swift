import Foundation
import JSON
import Store
import Testing
@testable import Gateway

/// What a valid configuration reads as: transports, settings, defaults, resolved paths.
@Suite struct ConfigurationParserTests {
    func parse(_ text: String, file: String = "conf/gatehouse.json", environment: [String: String] = GatewayFixtures.environment)
        throws -> GatewayConfiguration
    {
        let result = ConfigurationParser.parse(text: text, file: file, environment: environment)
        return try #require(result.configuration, "\(result.problems)")
    }

    @Test func readsTheBriefsExampleWithVariablesExpanded() throws {
        let file = GatewayFixtures.path("valid", "brief-example")
        let result = ConfigurationLoader.load(file: file, environment: GatewayFixtures.environment)
        let configuration = try #require(result.configuration)
        #expect(configuration.servers.map(\.name) == ["twenty", "remote"])
        guard case .stdio(let launch) = configuration.servers[0].transport else { throw Failure("twenty is not stdio") }
        #expect(launch == StdioLaunch(command: "npx", arguments: ["-y", "twenty-mcp"], environment: ["API_KEY": "twenty-secret-value"]))
        guard case .http(let endpoint) = configuration.servers[1].transport else { throw Failure("remote is not http") }
        #expect(endpoint.url.absoluteString == "https://example.com/mcp")
        #expect(endpoint.headers == ["Authorization": "Bearer remote-secret-value"])
        #expect(configuration.adminToken == "admin-secret-value-0123456789")
        #expect(configuration.allowedOrigins == ["http://localhost:8080"])
        #expect(configuration.approvals == ApprovalSettings(timeoutSeconds: 300, webhook: "https://chat.example.com/hook"))
        #expect(configuration.audit.arguments == .redacted)
        #expect(configuration.store == "postgres://user@host/db")
        #expect(result.policies["twenty"]?.document.tools.first?.key == "UpdateOneConnectedAccount")
    }

    @Test func aClientFilePastedWholeLoads() throws {
        let claude = try parse(#"""
            {"globalShortcut": "Ctrl+Space", "preferences": {"menuBarEnabled": true},
             "mcpServers": {"time": {"command": "uvx"}, "old": {"disabled": true}}}
            """#)
        #expect(claude.servers.map(\.name) == ["time"])
        #expect(claude.disabledServers == ["old"])
        let windsurf = try parse(#"{"mcpServers": {"remote": {"serverUrl": "https://example.com/mcp"}}}"#)
        guard case .http(let endpoint) = windsurf.servers.first?.transport else { throw Failure("serverUrl is not http") }
        #expect(endpoint.url.absoluteString == "https://example.com/mcp")
        let vscode = try parse(#"{"inputs": [{"type": "promptString", "id": "key"}], "servers": {"time": {"command": "uvx"}}}"#)
        #expect(vscode.servers.map(\.name) == ["time"])
    }

    @Test func appliesDocumentedDefaults() throws {
        let configuration = try parse(#"{"mcpServers": {"time": {"command": "uvx"}}}"#, environment: [:])
        #expect(configuration.limits == GatewayLimits(maxBodyBytes: 4_194_304, maxSessionsPerGrant: 32, sessionIdleSeconds: 1800,
                                                      callTimeoutSeconds: 120))
        #expect(configuration.approvals == ApprovalSettings(timeoutSeconds: 300, webhook: nil))
        #expect(configuration.audit.arguments == .redacted)
        #expect(configuration.adminToken == nil)
        #expect(configuration.allowedOrigins.isEmpty)
        #expect(configuration.store == nil)
        #expect(configuration.servers[0].callTimeout(in: configuration.limits) == 120)
    }

    @Test func aUsersAnswerWindowDefaultsToTheApprovalTimeout() throws {
        let defaults = try parse(#"{"mcpServers": {"time": {"command": "uvx"}}, "approvals": {"timeoutSeconds": 60}}"#, environment: [:])
        #expect(defaults.approvals.answerWindow == .seconds(60))
        let configured = try parse(#"{"mcpServers": {"time": {"command": "uvx"}}, "approvals": {"answerSeconds": 0.5}}"#, environment: [:])
        #expect(configured.approvals.answerSeconds == 0.5)
        #expect(configured.approvals.answerWindow == .milliseconds(500))
    }

    @Test func readsHowSoonAnAbandonedSessionIsClosed() throws {
        let defaults = try parse(#"{"mcpServers": {"time": {"command": "uvx"}}}"#, environment: [:])
        #expect(defaults.limits.abandonedSessionSeconds == 300)
        let configured = try parse(#"{"mcpServers": {"time": {"command": "uvx"}}, "limits": {"abandonedSessionSeconds": 60}}"#, environment: [:])
        #expect(configured.limits.abandonedSessionSeconds == 60)
    }

    @Test func readsTheUpstreamScopeSharedByDefault() throws {
        let configuration = try parse(#"""
            {"mcpServers": {"time": {"command": "uvx"}, "browser": {"command": "npx", "upstreamScope": "grant"},
                            "remote": {"url": "https://example.com/mcp", "upstreamScope": "shared"}}}
            """#)
        #expect(configuration.servers.map(\.upstreamScope) == [.shared, .grant, .shared])
    }

    @Test func readsConnectionLimitsAndAllowedHosts() throws {
        let defaults = try parse(#"{"mcpServers": {"time": {"command": "uvx"}}}"#, environment: [:])
        #expect(defaults.limits.connections == ConnectionLimits(headerTimeoutSeconds: 10, bodyTimeoutSeconds: 30, idleSeconds: 60,
                                                                maxConnections: 1024))
        #expect(defaults.allowedHosts.isEmpty)
        let configured = try parse(#"""
            {"mcpServers": {"time": {"command": "uvx"}}, "allowedHosts": ["gatehouse.example.com", "[::1]", "*"],
             "limits": {"headerTimeoutSeconds": 0.25, "bodyTimeoutSeconds": 5, "connectionIdleSeconds": 1.5, "maxConnections": 3}}
            """#, environment: [:])
        #expect(configured.limits.connections == ConnectionLimits(headerTimeoutSeconds: 0.25, bodyTimeoutSeconds: 5, idleSeconds: 1.5,
                                                                  maxConnections: 3))
        #expect(configured.allowedHosts == ["gatehouse.example.com", "[::1]", "*"])
    }

    @Test func resolvesPolicyAndWorkingFolderAgainstTheConfigurationsFolder() throws {
        let configuration = try parse(#"""
            {"mcpServers": {"a": {"command": "x", "cwd": "work", "policy": "policies/a.json"},
                            "b": {"command": "x", "policy": "/etc/gatehouse/b.json"},
                            "c": {"command": "x", "policy": "~/policies/c.json"}}}
            """#)
        #expect(configuration.servers.map(\.policyPath) == ["conf/policies/a.json", "/etc/gatehouse/b.json", "/home/tester/policies/c.json"])
        guard case .stdio(let launch) = configuration.servers[0].transport else { throw Failure("a is not stdio") }
        #expect(launch.workingDirectory == "conf/work")
        let here = try parse(#"{"mcpServers": {"a": {"command": "x", "policy": "p.json"}}}"#, file: "gatehouse.json")
        #expect(here.servers[0].policyPath == "p.json")
    }

    @Test func acceptsEveryStreamableHTTPTypeSpelling() throws {
        for type in ["http", "streamable-http", "streamableHttp"] {
            let configuration = try parse(#"{"mcpServers": {"r": {"type": "\#(type)", "url": "http://127.0.0.1:9/mcp"}}}"#)
            #expect(configuration.servers[0].transport.name == "http")
        }
        let gemini = try parse(#"{"mcpServers": {"r": {"httpUrl": "http://127.0.0.1:9/mcp"}}}"#)
        #expect(gemini.servers[0].transport.name == "http")
    }

    @Test func skipsDisabledServersButKeepsTheirNames() throws {
        let configuration = try parse(#"{"mcpServers": {"a": {"command": "x", "disabled": true}, "b": {"command": "y"}}}"#)
        #expect(configuration.servers.map(\.name) == ["b"])
        #expect(configuration.disabledServers == ["a"])
    }

    @Test func takesTheAdminTokenFromTheEnvironmentWhenTheFileHasNone() throws {
        let configuration = try parse(#"{"mcpServers": {}}"#, environment: ["GATEHOUSE_ADMIN_TOKEN": "from-env-0123456789"])
        #expect(configuration.adminToken == "from-env-0123456789")
    }

    @Test func readsPerServerOptions() throws {
        let configuration = try parse(#"{"mcpServers": {"a": {"command": "x", "idleSeconds": 60, "callTimeoutSeconds": 5}}}"#)
        #expect(configuration.servers[0].idleSeconds == 60)
        #expect(configuration.servers[0].callTimeout(in: configuration.limits) == 5)
    }

    @Test func displaysAnHTTPUpstreamWithoutCredentials() throws {
        let configuration = try parse(#"{"mcpServers": {"r": {"url": "https://user:pw@example.com/mcp?key=${TOKEN}"}}}"#)
        guard case .http(let endpoint) = configuration.servers[0].transport else { throw Failure("r is not http") }
        #expect(endpoint.displayURL == "https://example.com/mcp")
        #expect(endpoint.url.query == "key=remote-secret-value")
    }
}

/// `${VAR}` expansion.
@Suite struct VariableExpanderTests {
    let expander = VariableExpander(environment: ["A": "1", "B_2": "two", "EMPTY": ""])

    @Test func expandsBothSpellingsAndLeavesPlainDollarsAlone() {
        #expect(expander.expand("x${A}y${env:B_2}z") == .success("x1ytwoz"))
        #expect(expander.expand("cost: $5, ${EMPTY}.") == .success("cost: $5, ."))
        #expect(expander.expand("no references") == .success("no references"))
    }

    @Test func writesALiteralReferenceWhenEscaped() {
        #expect(expander.expand("$${A} is ${A}") == .success("${A} is 1"))
    }

    @Test func namesEveryMissingVariableOnce() {
        #expect(expander.expand("${X}${Y}${X}") == .failure(.missing(["X", "Y"])))
        #expect(VariableExpander.Problem.missing(["X"]).description == "environment variable X is not set")
    }

    @Test func refusesMalformedReferences() {
        #expect(expander.expand("${A") == .failure(.malformed("'${' without a closing '}' (write $${ for a literal ${)")))
        guard case .failure(.malformed) = expander.expand("${1A}") else {
            Issue.record("a name starting with a digit was accepted")
            return
        }
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
