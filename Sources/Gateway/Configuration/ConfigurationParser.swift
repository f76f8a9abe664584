import Foundation
import JSON
import Policy
import Store

/// The outcome of reading `gatehouse.json`: the configuration when it is usable, and every problem.
public struct ConfigurationParseResult: Sendable {
    /// Present only when there are no errors (warnings may remain).
    public var configuration: GatewayConfiguration?
    public var problems: [ConfigurationProblem]
    /// What could be read despite errors, so the loader still checks the policy files of the
    /// servers that did parse (every problem at once).
    var draft: GatewayConfiguration?

    public var errors: [ConfigurationProblem] { problems.filter { $0.severity == .error } }
    public var warnings: [ConfigurationProblem] { problems.filter { $0.severity == .warning } }
}

/// Reads `gatehouse.json` into a ``GatewayConfiguration``, reporting EVERY problem at once, each
/// with its JSON pointer. Pure: the environment comes in as a value; files are not read
/// (``ConfigurationLoader`` does that, and checks the policy files).
///
/// Servers use the `mcpServers` shape of Claude Desktop, Cursor and most clients, so a pasted
/// file works: `type` may be `stdio`, `http` or `streamable-http`; client-only fields such as
/// `autoApprove` are ignored with a warning; any other unknown field is an error with a
/// did-you-mean, because a misspelt setting silently ignored is a setting silently not applied.
public enum ConfigurationParser {
    /// Parses configuration text read from `file`.
    public static func parse(text: String, file: String, environment: [String: String]) -> ConfigurationParseResult {
        do {
            return parse(try JSONParser.parse(text), file: file, environment: environment)
        } catch {
            let problem = ConfigurationProblem(file: file, at: error.pointer ?? .root, "not valid JSON: \(error)")
            return ConfigurationParseResult(configuration: nil, problems: [problem])
        }
    }

    /// Parses a configuration document read from `file` (relative paths resolve against its folder).
    public static func parse(_ json: JSONValue, file: String, environment: [String: String]) -> ConfigurationParseResult {
        var reader = ConfigurationReader(file: file, environment: environment)
        let configuration = reader.readConfiguration(json)
        let hasErrors = reader.problems.contains { $0.severity == .error }
        return ConfigurationParseResult(configuration: hasErrors ? nil : configuration, problems: reader.problems, draft: configuration)
    }

    /// Top-level fields.
    static let topLevelFields = ["mcpServers", "adminToken", "allowedOrigins", "allowedHosts", "limits", "approvals", "audit", "store", "$schema"]
    /// Fields of one server.
    static let serverFields = ["type", "command", "args", "env", "cwd", "url", "headers", "policy", "idleSeconds", "callTimeoutSeconds", "pinning", "upstreamScope", "disabled"]
    /// What MCP clients put in their files that means nothing to a gateway, and why it is ignored.
    static let clientOnlyFields: [String: String] = [
        "autoApprove": "approvals are decided by the policy here",
        "alwaysAllow": "what is allowed is decided by the policy here",
        "timeout": "use callTimeoutSeconds",
        "description": "",
        "disabledTools": "deny or hide tools in the policy",
        "includeTools": "deny or hide tools in the policy",
        "excludeTools": "deny or hide tools in the policy",
        "trust": "every call is checked against the policy",
    ]
    /// What a client's whole file holds beside its servers (a file pasted whole still loads).
    static let clientOnlyTopLevelFields: [String: String] = [
        "globalShortcut": "is a Claude Desktop setting",
        "preferences": "holds Claude Desktop's preferences",
        "isUsingBuiltInNodeForMcp": "is a Claude Desktop setting",
        "inputs": "is how VS Code prompts for values (give them to the gateway's environment and write ${NAME})",
    ]
    static let limitFields = ["maxBodyBytes", "maxSessionsPerGrant", "sessionIdleSeconds", "abandonedSessionSeconds", "callTimeoutSeconds",
                              "headerTimeoutSeconds", "bodyTimeoutSeconds", "connectionIdleSeconds", "maxConnections"]
    static let approvalFields = ["timeoutSeconds", "webhook", "answerSeconds"]
    static let auditFields = ["arguments"]
    static let httpTypes = ["http", "streamable-http", "streamableHttp", "streamable_http"]

    /// What the user sees for a server without a policy.
    static func noPolicyWarning(_ server: String) -> String {
        "no policy: every call to \(server) is denied; start from `gatehouse recommend` and add \"policy\": \"policies/\(server).json\""
    }
}

/// Walks the document, collecting problems as it goes; each section is read in its own
/// extension: one server (`ConfigurationReader+Server`), the gateway's settings (`+Settings`,
/// `+Connections`), the values they share (`+Values`; the typed readers are ``JSONFieldReader``'s).
struct ConfigurationReader: JSONFieldReader {
    let file: String
    /// The configuration's folder as written (empty for a file in the current folder), so
    /// resolved paths read the way the user wrote them.
    let directory: String
    let expander: VariableExpander
    let home: String?
    var problems: [ConfigurationProblem] = []

    init(file: String, environment: [String: String]) {
        self.file = file
        directory = (file as NSString).deletingLastPathComponent
        expander = VariableExpander(environment: environment)
        home = environment["HOME"]
        environmentAdminToken = environment["GATEHOUSE_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    let environmentAdminToken: String?

    mutating func error(_ pointer: JSONPointer, _ message: String) {
        problems.append(ConfigurationProblem(.error, file: file, at: pointer, message))
    }

    mutating func warning(_ pointer: JSONPointer, _ message: String) {
        problems.append(ConfigurationProblem(.warning, file: file, at: pointer, message))
    }

    mutating func reportTypeProblem(_ pointer: JSONPointer, _ message: String) {
        error(pointer, message)
    }

    // MARK: The document

    mutating func readConfiguration(_ json: JSONValue) -> GatewayConfiguration {
        var configuration = GatewayConfiguration(file: file)
        guard let members = object(json, at: .root, what: "a configuration") else { return configuration }
        for (key, _) in members where !ConfigurationParser.topLevelFields.contains(key) && key != "servers" {
            if let note = ConfigurationParser.clientOnlyTopLevelFields[key] {
                warning(JSONPointer([key]), "'\(key)' \(note), and is ignored by Gatehouse")
            } else {
                unknownField(key, at: JSONPointer([key]), allowed: ConfigurationParser.topLevelFields)
            }
        }
        readServers(members, into: &configuration)
        if let value = members["adminToken"] {
            configuration.adminToken = readAdminToken(value, at: JSONPointer(["adminToken"]))
        } else {
            configuration.adminToken = environmentAdminToken
        }
        if let value = members["allowedOrigins"] {
            configuration.allowedOrigins = readOrigins(value, at: JSONPointer(["allowedOrigins"]))
        }
        if let value = members["allowedHosts"] {
            configuration.allowedHosts = readHosts(value, at: JSONPointer(["allowedHosts"]))
        }
        if let value = members["limits"] {
            configuration.limits = readLimits(value, at: JSONPointer(["limits"]))
        }
        if let value = members["approvals"] {
            configuration.approvals = readApprovals(value, at: JSONPointer(["approvals"]))
        }
        if let value = members["audit"] {
            configuration.audit = readAudit(value, at: JSONPointer(["audit"]))
        }
        if let value = members["store"] {
            configuration.store = readStore(value, at: JSONPointer(["store"]))
        }
        return configuration
    }

    /// `mcpServers`, or VS Code's `servers`.
    mutating func readServers(_ members: JSONObject, into configuration: inout GatewayConfiguration) {
        let key: String
        switch (members["mcpServers"], members["servers"]) {
        case (nil, nil):
            error(.root, "missing 'mcpServers': name the servers to put behind the gateway, e.g. {\"mcpServers\": {\"time\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}}}")
            return
        case (.some, .some):
            error(JSONPointer(["servers"]), "both 'mcpServers' and 'servers' are present; keep one (they mean the same)")
            return
        case (.some, nil): key = "mcpServers"
        case (nil, .some): key = "servers"
        }
        configuration.serversKey = key
        let pointer = JSONPointer([key])
        guard let servers = object(members[key]!, at: pointer, what: "servers keyed by name") else { return }
        if servers.isEmpty { warning(pointer, "no servers: the gateway has nothing to forward to") }
        for (name, entry) in servers {
            let serverPointer = pointer.appending(name)
            checkServerName(name, at: serverPointer)
            switch readServer(name: name, entry, at: serverPointer) {
            case .enabled(let server): configuration.servers.append(server)
            case .disabled: configuration.disabledServers.append(name)
            case nil: continue
            }
        }
    }

    mutating func checkServerName(_ name: String, at pointer: JSONPointer) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.isEmpty || name == "." || name == ".." || !name.allSatisfy(allowed.contains) {
            error(pointer, "server name '\(name)' cannot be a URL path segment (/mcp/<name>): use letters, digits, '.', '_' and '-'")
        }
    }
}
