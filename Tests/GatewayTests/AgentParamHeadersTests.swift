import JSON
import Testing

@testable import Gateway

/// An agent's `Mcp-Param-*` headers (Streamable HTTP, "Server Behavior for Custom Headers"): the
/// ones the tool's annotations name are the gateway's to check, the others are forwarded as
/// sent — within a cap, and only values a header line may carry.
@Suite struct AgentParamHeadersTests {
    static let region = try! ParamHeaders(inputSchema: ["type": "object", "properties": ["region": ["type": "string", "x-mcp-header": "Region"]]])

    static func headers(_ fields: [(String, String)]) -> AgentParamHeaders {
        AgentParamHeaders(fields.map { (name: $0.0, value: $0.1) })
    }

    static let forwarding: [(label: String, fields: [(String, String)], annotations: ParamHeaders?, forwarded: [String: String])] = [
        ("none sent", [], region, [:]),
        ("other headers are not Mcp-Param", [("Authorization", "Bearer x"), ("Mcp-Method", "tools/call")], nil, [:]),
        ("a recognised one stays the gateway's", [("Mcp-Param-Region", "us-west1")], region, [:]),
        ("recognised without case", [("mcp-param-REGION", "us-west1")], region, [:]),
        ("an unrecognised one, as spelt", [("Mcp-Param-Region", "us-west1"), ("Mcp-Param-Tenant-Id", "t-7")], region,
         ["Mcp-Param-Tenant-Id": "t-7"]),
        ("every one when the tool has no annotations", [("Mcp-Param-Region", "us-west1")], nil, ["Mcp-Param-Region": "us-west1"]),
        ("a repeated one on one line", [("Mcp-Param-Zone", "a"), ("mcp-param-zone", "b")], region, ["Mcp-Param-Zone": "a, b"]),
        ("a base64 value untouched", [("Mcp-Param-Note", "=?base64?5LiW55WM?=")], region, ["Mcp-Param-Note": "=?base64?5LiW55WM?="]),
    ]

    @Test(arguments: forwarding)
    func unrecognisedHeadersAreForwardedAsSent(label: String, fields: [(String, String)], annotations: ParamHeaders?,
                                              forwarded: [String: String]) {
        let sent = Self.headers(fields)
        #expect(sent.problem == nil, "\(label)")
        #expect(sent.unrecognised(by: annotations) == forwarded, "\(label)")
    }

    @Test func theCheckSeesEveryValueByLowercasedName() {
        let sent = Self.headers([("Mcp-Param-Region", "us-west1"), ("MCP-PARAM-region", "eu-west1")])
        #expect(sent.sent == ["region": ["us-west1", "eu-west1"]])
        let problem = Self.region.problem(sent: sent.sent, arguments: ["region": "us-west1"])
        #expect(problem?.code == JSONRPCErrorCode.headerMismatch, "a recognised header sent twice is still refused")
    }

    static let refused: [(label: String, fields: [(String, String)], says: String)] = [
        ("a line feed", [("Mcp-Param-X", "a\nX-Evil: 1")], "characters a header value may not"),
        ("a carriage return", [("Mcp-Param-X", "a\rb")], "characters a header value may not"),
        ("a NUL", [("Mcp-Param-X", "a\u{0}b")], "characters a header value may not"),
        ("raw UTF-8", [("Mcp-Param-X", "世界")], "characters a header value may not"),
        ("too many", (0...AgentParamHeaders.maxCount).map { ("Mcp-Param-P\($0)", "v") }, "at most \(AgentParamHeaders.maxCount)"),
        ("too large", [("Mcp-Param-Big", String(repeating: "v", count: AgentParamHeaders.maxBytes))], "at most \(AgentParamHeaders.maxBytes)"),
    ]

    @Test(arguments: refused)
    func headersTheGatewayWillNotCarryAreA400(label: String, fields: [(String, String)], says: String) {
        let problem = Self.headers(fields).problem
        #expect(problem?.code == JSONRPCErrorCode.invalidRequest, "\(label)")
        #expect(problem?.rule == "unforwardable_header", "\(label)")
        #expect(problem?.description.contains(says) == true, "\(label): \(problem?.description ?? "no problem")")
    }

    @Test func aTabAndSpacesAreFieldCharacters() {
        #expect(Self.headers([("Mcp-Param-X", "a\tb c")]).problem == nil)
    }
}
