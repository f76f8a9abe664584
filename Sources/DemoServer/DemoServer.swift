import JSON

/// `gatehouse demo-server`: a small MCP server shaped like a CRM, to try the gateway on.
///
/// It speaks MCP's JSON-RPC one message at a time (``handle(_:)`` takes one line of input and
/// returns the line to answer, if any); ``DemoServerLoop`` wires it to stdin and stdout.
public struct DemoServer: Sendable {
    /// Protocol revisions it can speak, newest first.
    public static let supportedVersions = ["2025-11-25", "2025-06-18", "2025-03-26"]
    public static let name = "gatehouse-demo-crm"
    public static let version = "1.0.0"

    public private(set) var crm: CRM

    public init(crm: CRM = CRM()) {
        self.crm = crm
    }

    /// Answers one JSON-RPC message (a line of input, without its newline). Notifications and
    /// responses get no answer (nil).
    public mutating func handle(_ line: [UInt8]) -> [UInt8]? {
        let message: JSONValue
        do {
            message = try JSONParser.parse(bytes: line, duplicateKeys: .lastWins)
        } catch {
            return Self.errorResponse(id: .null, code: -32700, message: "Parse error: \(error)")
        }
        guard case .object(let members) = message, members["jsonrpc"] == "2.0" else {
            return Self.errorResponse(id: .null, code: -32600, message: "Invalid Request: expected a JSON-RPC 2.0 object")
        }
        guard let method = members["method"]?.stringValue else { return nil }  // a response to us: none expected
        guard let id = members["id"] else { return nil }  // a notification
        let params = members["params"] ?? .emptyObject
        switch answer(method: method, params: params) {
        case .success(let result):
            return Self.encode(["jsonrpc": "2.0", "id": id, "result": result])
        case .failure(let error):
            return Self.errorResponse(id: id, code: error.code, message: error.message)
        }
    }

    struct ProtocolError: Error {
        var code: Int64
        var message: String
    }

    private mutating func answer(method: String, params: JSONValue) -> Result<JSONValue, ProtocolError> {
        switch method {
        case "initialize": return .success(Self.initializeResult(params: params))
        case "ping": return .success(.emptyObject)
        case "tools/list": return .success(["tools": .array(DemoTool.all.map(\.definition))])
        case "tools/call": return call(params: params)
        default: return .failure(ProtocolError(code: -32601, message: "Method not found: \(method)"))
        }
    }

    static func initializeResult(params: JSONValue) -> JSONValue {
        let requested = params["protocolVersion"]?.stringValue ?? ""
        let version = supportedVersions.contains(requested) ? requested : supportedVersions[0]
        return [
            "protocolVersion": .string(version),
            "capabilities": ["tools": ["listChanged": false]],
            "serverInfo": ["name": .string(name), "version": .string(Self.version)],
            "instructions": "A demo CRM (people, companies, connected accounts), held in memory. Records change only for this session.",
        ]
    }

    private mutating func call(params: JSONValue) -> Result<JSONValue, ProtocolError> {
        guard let name = params["name"]?.stringValue else {
            return .failure(ProtocolError(code: -32602, message: "Invalid params: tools/call needs a tool name"))
        }
        guard let tool = DemoTool(name: name) else {
            return .failure(ProtocolError(code: -32602, message: "Unknown tool: \(name)"))
        }
        let arguments = params["arguments"]?.objectValue ?? [:]
        do {
            return .success(Self.textResult(try run(tool, arguments: arguments), isError: false))
        } catch {
            return .success(Self.textResult(["error": .string(error.message)], isError: true))
        }
    }

    private mutating func run(_ tool: DemoTool, arguments: JSONObject) throws(CRM.Failure) -> JSONValue {
        let kind = tool.kind
        switch tool.operation {
        case .findMany:
            let limit = arguments["limit"]?.intValue.map { Int(clamping: $0) } ?? 60
            let found = crm.findMany(kind, search: arguments["search"]?.stringValue, limit: min(limit, 60))
            return [kind.listKey: .array(found.map(JSONValue.object)), "totalCount": .int(Int64(found.count))]
        case .findOne:
            return [kind.resultKey: .object(try crm.findOne(kind, id: try Self.id(in: arguments)))]
        case .createOne:
            return [kind.resultKey: .object(try crm.create(kind, fields: try Self.body(in: arguments)))]
        case .updateOne:
            let id = try Self.id(in: arguments)
            return [kind.resultKey: .object(try crm.update(kind, id: id, fields: try Self.body(in: arguments)))]
        case .deleteOne:
            return [kind.resultKey: .object(try crm.delete(kind, id: try Self.id(in: arguments)))]
        }
    }

    private static func id(in arguments: JSONObject) throws(CRM.Failure) -> String {
        guard let id = arguments["id"]?.stringValue else { throw CRM.Failure("argument 'id' (a string) is required") }
        return id
    }

    private static func body(in arguments: JSONObject) throws(CRM.Failure) -> JSONObject {
        guard let body = arguments["requestBody"]?.objectValue else {
            throw CRM.Failure("argument 'requestBody' (an object) is required")
        }
        return body
    }

    static func textResult(_ value: JSONValue, isError: Bool) -> JSONValue {
        ["content": [["type": "text", "text": .string(JSONWriter().string(value))]], "isError": .bool(isError)]
    }

    static func errorResponse(id: JSONValue, code: Int64, message: String) -> [UInt8] {
        encode(["jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)]])
    }

    static func encode(_ value: JSONValue) -> [UInt8] {
        JSONWriter().bytes(value)
    }
}
