import Testing

@testable import Gateway

/// 2026-07-28 Streamable HTTP, "Server Validation": the mirrored headers must agree with the body.
@Suite struct StatelessHeadersTests {
    static let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_weather","arguments":{},"#
        + #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var headers: StatelessHeaders
        var body: String = StatelessHeadersTests.call
        var problem: StatelessProblem?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "all three agree", headers: .init(protocolVersion: "2026-07-28", method: "tools/call", name: "get_weather")),
        Case(label: "Mcp-Name in the Base64 sentinel", headers: .init(protocolVersion: "2026-07-28", method: "tools/call",
                                                                       name: "=?base64?Z2V0X3dlYXRoZXI=?=")),
        Case(label: "no version header", headers: .init(protocolVersion: nil, method: "tools/call", name: "get_weather"),
             problem: .headerMismatch("the MCP-Protocol-Version header is required")),
        Case(label: "no Mcp-Method", headers: .init(protocolVersion: "2026-07-28", method: nil, name: "get_weather"),
             problem: .headerMismatch("the Mcp-Method header is required")),
        Case(label: "Mcp-Method says another method", headers: .init(protocolVersion: "2026-07-28", method: "tools/list", name: nil),
             problem: .headerMismatch("Mcp-Method header value 'tools/list' does not match body value 'tools/call'")),
        Case(label: "no Mcp-Name", headers: .init(protocolVersion: "2026-07-28", method: "tools/call", name: nil),
             problem: .headerMismatch("the Mcp-Name header is required for tools/call (it mirrors params.name)")),
        Case(label: "Mcp-Name names another tool", headers: .init(protocolVersion: "2026-07-28", method: "tools/call", name: "delete_all"),
             problem: .headerMismatch("Mcp-Name header value 'delete_all' does not match body value 'get_weather' (params.name)")),
        Case(label: "Base64 Mcp-Name of another tool", headers: .init(protocolVersion: "2026-07-28", method: "tools/call",
                                                                      name: "=?base64?ZGVsZXRlX2FsbA==?="),
             problem: .headerMismatch("Mcp-Name header value 'delete_all' does not match body value 'get_weather' (params.name)")),
        Case(label: "a sentinel that is not Base64", headers: .init(protocolVersion: "2026-07-28", method: "tools/call", name: "=?base64?***?="),
             problem: .headerMismatch("Mcp-Name header value '=?base64?***?=' is not valid =?base64?…?= encoding")),
        Case(label: "the body names another revision", headers: .init(protocolVersion: "2026-07-28", method: "tools/call", name: "get_weather"),
             body: call.replacingOccurrences(of: "2026-07-28", with: "2025-11-25"),
             problem: .headerMismatch("MCP-Protocol-Version header value '2026-07-28' does not match body value '2025-11-25'")),
        Case(label: "the body names no revision", headers: .init(protocolVersion: "2026-07-28", method: "tools/list", name: nil),
             body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
             problem: .headerMismatch("params._meta is missing io.modelcontextprotocol/protocolVersion (MCP-Protocol-Version is 2026-07-28)")),
        Case(label: "both name a revision nobody speaks", headers: .init(protocolVersion: "2027-01-01", method: "tools/list", name: nil),
             body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2027-01-01","io.modelcontextprotocol/clientCapabilities":{}}}}"#,
             problem: .unsupportedVersion("2027-01-01")),
        Case(label: "resources/read mirrors params.uri", headers: .init(protocolVersion: "2026-07-28", method: "resources/read", name: "file:///a"),
             body: #"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///a","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#),
        Case(label: "a request without client capabilities", headers: .init(protocolVersion: "2026-07-28", method: "tools/list", name: nil),
             body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#,
             problem: .incompleteMeta("params._meta must carry io.modelcontextprotocol/clientCapabilities (an object) on every 2026-07-28 request")),
    ]

    @Test(arguments: cases) func checksTheHeadersAgainstTheBody(_ test: Case) throws {
        let message = try JSONRPCMessage.parse(test.body)
        #expect(test.headers.problem(with: message) == test.problem)
    }
}
