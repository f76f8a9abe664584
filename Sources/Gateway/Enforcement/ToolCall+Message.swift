import Policy

extension ToolCall {
    /// The call a `tools/call` request asks for, as the policy decides it; nil when `params.name`
    /// is not a string or `params.arguments` (when present) is not an object.
    init?(_ message: JSONRPCMessage, grant: String, session: String) {
        guard let params = message.decodedParams(), let name = params["name"]?.stringValue else { return nil }
        let arguments = params["arguments"] ?? .emptyObject
        guard arguments.objectValue != nil else { return nil }
        self.init(tool: name, arguments: arguments, grant: grant, session: session)
    }
}
