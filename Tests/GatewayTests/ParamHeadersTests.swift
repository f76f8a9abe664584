import JSON
import Testing

@testable import Gateway

/// `x-mcp-header` (Streamable HTTP, "Custom Headers from Tool Parameters"): which schemas are
/// valid, which headers a call carries, and how an agent's headers are checked against its body.
@Suite struct ParamHeadersTests {
    static func schema(_ properties: JSONValue) -> JSONValue { ["type": "object", "properties": properties] }

    static let valid: [(label: String, schema: JSONValue, params: [ParamHeaders.Param])] = [
        ("none", schema(["q": ["type": "string"]]), []),
        ("the specification's example", schema(["region": ["type": "string", "x-mcp-header": "Region"], "query": ["type": "string"]]),
         [.init(name: "Region", path: ["region"], isInteger: false)]),
        ("nested through properties", schema(["target": ["type": "object", "properties": ["zone": ["type": "integer", "x-mcp-header": "Zone"]]]]),
         [.init(name: "Zone", path: ["target", "zone"], isInteger: true)]),
        ("a boolean", schema(["dry": ["type": "boolean", "x-mcp-header": "Dry-Run"]]), [.init(name: "Dry-Run", path: ["dry"], isInteger: false)]),
    ]

    @Test(arguments: valid)
    func validAnnotationsAreRead(label: String, schema: JSONValue, params: [ParamHeaders.Param]) throws {
        #expect(try ParamHeaders(inputSchema: schema).params == params, "\(label)")
    }

    static let invalid: [(label: String, schema: JSONValue)] = [
        ("empty", schema(["a": ["type": "string", "x-mcp-header": ""]])),
        ("not a token", schema(["a": ["type": "string", "x-mcp-header": "Re gion"]])),
        ("a line break", schema(["a": ["type": "string", "x-mcp-header": "A\r\nX-Evil: 1"]])),
        ("a number", schema(["a": ["type": "number", "x-mcp-header": "A"]])),
        ("an object", schema(["a": ["type": "object", "x-mcp-header": "A"]])),
        ("twice, ignoring case", schema(["a": ["type": "string", "x-mcp-header": "Region"], "b": ["type": "string", "x-mcp-header": "region"]])),
        ("under items", schema(["a": ["type": "array", "items": ["type": "string", "x-mcp-header": "A"]]])),
        ("under anyOf", ["type": "object", "anyOf": [schema(["a": ["type": "string", "x-mcp-header": "A"]])]]),
        ("on the root", ["type": "string", "x-mcp-header": "Root"]),
    ]

    @Test(arguments: invalid)
    func invalidAnnotationsMakeTheToolInvalid(label: String, schema: JSONValue) {
        #expect(throws: ParamHeaders.Invalid.self, "\(label)") { try ParamHeaders(inputSchema: schema) }
    }

    static let annotated = try! ParamHeaders(inputSchema: schema([
        "region": ["type": "string", "x-mcp-header": "Region"], "limit": ["type": "integer", "x-mcp-header": "Limit"],
        "dry": ["type": "boolean", "x-mcp-header": "Dry"],
    ]))

    @Test func aCallCarriesItsAnnotatedArgumentsEncodedAndOmitsAbsentOrNullOnes() {
        let headers = Self.annotated.headers(for: ["region": "Hello, 世界", "limit": 42.0, "dry": .null])
        #expect(headers.map(\.name) == ["Mcp-Param-Region", "Mcp-Param-Limit"])
        #expect(headers.map(\.value) == ["=?base64?SGVsbG8sIOS4lueVjA==?=", "42"])
    }

    static let checks: [(label: String, sent: [String: [String]], arguments: JSONValue, refused: Bool)] = [
        ("all match", ["region": ["us-west1"], "limit": ["42"], "dry": ["true"]], ["region": "us-west1", "limit": 42, "dry": true], false),
        ("integers compare as numbers", ["limit": ["42.0"]], ["limit": 42], false),
        ("Base64 decoded first", ["region": ["=?base64?SGVsbG8sIOS4lueVjA==?="]], ["region": "Hello, 世界"], false),
        ("absent from both", [:], ["other": 1], false),
        ("null in the body, no header", [:], ["region": .null], false),
        ("a header of a name the tool lacks is not ours to judge", ["zone": ["x"]], [:], false),
        ("the header says another value", ["region": ["eu-west1"]], ["region": "us-west1"], true),
        ("the header is missing", [:], ["region": "us-west1"], true),
        ("a header with no body value", ["region": ["us-west1"]], [:], true),
        ("sent twice", ["region": ["us-west1", "us-west1"]], ["region": "us-west1"], true),
        ("not valid encoding", ["region": ["=?base64?###?="]], ["region": "us-west1"], true),
        ("a boolean's case", ["dry": ["True"]], ["dry": true], true),
    ]

    @Test(arguments: checks)
    func anAgentsHeadersAreCheckedAgainstTheBody(label: String, sent: [String: [String]], arguments: JSONValue, refused: Bool) {
        let problem = Self.annotated.problem(sent: sent, arguments: arguments)
        #expect((problem != nil) == refused, "\(label): \(problem.map(\.description) ?? "accepted")")
        if let problem { #expect(problem.code == -32020) }
    }
}
