import Upstream

/// The headers a 2026-07-28 POST mirrors from its body, and the check that they agree with it
/// (Streamable HTTP, "Request Metadata" and "Server Validation").
///
/// A pure value: the HTTP edge fills it, the check reads the parsed message.
public struct StatelessHeaders: Sendable, Equatable {
    /// `MCP-Protocol-Version`.
    public var protocolVersion: String?
    /// `Mcp-Method`.
    public var method: String?
    /// `Mcp-Name`, as sent (possibly `=?base64?…?=`).
    public var name: String?

    public init(protocolVersion: String?, method: String?, name: String?) {
        self.protocolVersion = protocolVersion
        self.method = method
        self.name = name
    }

    /// The first problem with `message` under these headers, in the order the specification
    /// lists them: the version (header, then body), `Mcp-Method`, then `Mcp-Name`.
    public func problem(with message: JSONRPCMessage) -> StatelessProblem? {
        guard let protocolVersion else { return .headerMismatch("the MCP-Protocol-Version header is required") }
        if let problem = ProtocolVersions.bodyProblem(message, transportVersion: protocolVersion) { return problem }
        guard let method else { return .headerMismatch("the Mcp-Method header is required") }
        guard method == message.method else {
            return .headerMismatch("Mcp-Method header value '\(method)' does not match body value '\(message.method ?? "")'")
        }
        guard let (field, bodyName) = message.mirroredName else { return nil }
        guard let name else {
            return bodyName == nil ? nil : .headerMismatch("the Mcp-Name header is required for \(method) (it mirrors \(field))")
        }
        guard let decoded = HeaderValue.decode(name) else {
            return .headerMismatch("Mcp-Name header value '\(name)' is not valid =?base64?…?= encoding")
        }
        guard decoded == bodyName else {
            return .headerMismatch("Mcp-Name header value '\(decoded)' does not match body value '\(bodyName ?? "")' (\(field))")
        }
        return nil
    }
}
