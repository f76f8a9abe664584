import JSON
import NIOCore
import Upstream

/// A request as the gateway sends it to an upstream that speaks 2026-07-28 itself (no session):
/// the `_meta` a client must put in every request — the revision, its capabilities, its
/// identity — beside the agent's own `_meta` keys (progress token, trace context), and the
/// values the transport mirrors into headers (``RequestMetadata``).
struct SessionlessRequest {
    static let protocolVersionKey = "io.modelcontextprotocol/protocolVersion"
    static let clientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    static let clientInfoKey = "io.modelcontextprotocol/clientInfo"
    /// No client capabilities: nothing an upstream asks of a client reaches a sessionless agent.
    static let clientInfo: JSONValue = ["name": "gatehouse", "title": "Gatehouse MCP gateway", "version": "1"]

    /// The request's params with the gateway's `_meta` keys added.
    var params: ByteBuffer
    var metadata: RequestMetadata

    /// `params`: the agent's params with its own revision keys already taken out (nil: none).
    /// Nil when `params` is not a JSON object.
    /// `paramHeaders`: the call's `Mcp-Param-*` headers (``ParamHeaders``). `logLevel`: the
    /// agent's, passed on so the upstream sends log messages for the request (it sends none without).
    init?(method: String, params: ByteBuffer?, paramHeaders: [String: String] = [:], logLevel: LoggingLevel? = nil) {
        var object: JSONObject = [:]
        if let params {
            guard let parsed = try? JSONParser.parse(bytes: params.readableBytesView, duplicateKeys: .lastWins),
                  let parsedObject = parsed.objectValue else { return nil }
            object = parsedObject
        }
        var meta = object["_meta"]?.objectValue ?? [:]
        meta[Self.protocolVersionKey] = .string(ProtocolVersions.sessionless)
        meta[Self.clientCapabilitiesKey] = .emptyObject
        meta[Self.clientInfoKey] = Self.clientInfo
        if let logLevel { meta[LoggingLevel.metaKey] = .string(logLevel.rawValue) }
        object["_meta"] = .object(meta)
        self.params = ByteBuffer(string: JSONWriter().string(.object(object)))
        let name = Self.mirroredName(method: method, params: object).map(HeaderValue.encode)
        metadata = RequestMetadata(protocolVersion: ProtocolVersions.sessionless, method: method, name: name, params: paramHeaders)
    }

    /// The body value `Mcp-Name` mirrors: `params.name` (tools, prompts) or `params.uri` (resources).
    static func mirroredName(method: String, params: JSONObject) -> String? {
        switch method {
        case "tools/call", "prompts/get": return params["name"]?.stringValue
        case "resources/read": return params["uri"]?.stringValue
        default: return nil
        }
    }
}
