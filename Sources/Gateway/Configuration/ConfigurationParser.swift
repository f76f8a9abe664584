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
    static let serverFields = ["type", "command", "args", "env", "cwd", "url", "headers", "policy", "idleSeconds", "callTimeoutSeconds", "pinning", "disabled"]
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
    static let limitFields = ["maxBodyBytes", "maxSessionsPerGrant", "sessionIdleSeconds", "callTimeoutSeconds",
                              "headerTimeoutSeconds", "bodyTimeoutSeconds", "connectionIdleSeconds", "maxConnections"]
    static let approvalFields = ["timeoutSeconds", "webhook"]
    static let auditFields = ["arguments"]
    static let httpTypes = ["http", "streamable-http", "streamableHttp", "streamable_http"]

    /// What the user sees for a server without a policy.
    static func noPolicyWarning(_ server: String) -> String {
        "no policy: every call to \(server) is denied; start from `gatehouse recommend` and add \"policy\": \"policies/\(server).json\""
    }
}

/// Walks the document, collecting problems as it goes.
struct ConfigurationReader {
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

    // MARK: The document

    mutating func readConfiguration(_ json: JSONValue) -> GatewayConfiguration {
        var configuration = GatewayConfiguration(file: file)
        guard let members = object(json, at: .root, what: "a configuration object") else { return configuration }
        for (key, _) in members where !ConfigurationParser.topLevelFields.contains(key) && key != "servers" {
            unknownField(key, at: JSONPointer([key]), allowed: ConfigurationParser.topLevelFields)
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
            guard let read = readServer(name: name, entry, at: serverPointer) else { continue }
            if read.disabled {
                configuration.disabledServers.append(name)
            } else {
                configuration.servers.append(read.server)
            }
        }
    }

    mutating func checkServerName(_ name: String, at pointer: JSONPointer) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.isEmpty || name == "." || name == ".." || !name.allSatisfy(allowed.contains) {
            error(pointer, "server name '\(name)' cannot be a URL path segment (/mcp/<name>): use letters, digits, '.', '_' and '-'")
        }
    }

    // MARK: One server

    mutating func readServer(name: String, _ json: JSONValue, at pointer: JSONPointer) -> (server: ServerConfiguration, disabled: Bool)? {
        guard let members = object(json, at: pointer, what: "a server (command and args, or url)") else { return nil }
        for (key, _) in members where !ConfigurationParser.serverFields.contains(key) {
            if let why = ConfigurationParser.clientOnlyFields[key] {
                warning(pointer.appending(key), "'\(key)' is a client setting and is ignored by Gatehouse\(why.isEmpty ? "" : ": \(why)")")
            } else if key == "httpUrl" {
                continue
            } else if key == "envFile" {
                error(pointer.appending(key), "'envFile' is not supported: put the variables in 'env', or in the gateway's environment as ${NAME}")
            } else {
                unknownField(key, at: pointer.appending(key), allowed: ConfigurationParser.serverFields)
            }
        }
        let disabled = members["disabled"].flatMap { bool($0, at: pointer.appending("disabled")) } ?? false
        let transport = readTransport(members, at: pointer)
        let policyPath = members["policy"].flatMap { string($0, at: pointer.appending("policy"), nonEmpty: true) }.map(resolvePath)
        let idleSeconds = members["idleSeconds"].flatMap { positiveInt($0, at: pointer.appending("idleSeconds")) }
        let callTimeout = members["callTimeoutSeconds"].flatMap { positiveInt($0, at: pointer.appending("callTimeoutSeconds")) }
        let pinning = members["pinning"].flatMap { readPinning($0, at: pointer.appending("pinning")) } ?? .enforce
        if idleSeconds != nil, case .http = transport {
            warning(pointer.appending("idleSeconds"), "'idleSeconds' applies to stdio servers only; it is ignored for a url")
        }
        if members["policy"] == nil && !disabled {
            warning(pointer, ConfigurationParser.noPolicyWarning(name))
        }
        guard let transport else { return nil }
        let server = ServerConfiguration(name: name, transport: transport, policyPath: policyPath, idleSeconds: idleSeconds,
                                         callTimeoutSeconds: callTimeout, pinning: pinning)
        return (server, disabled)
    }

    mutating func readTransport(_ members: JSONObject, at pointer: JSONPointer) -> UpstreamTransport? {
        let urlKey = members["url"] != nil ? "url" : (members["httpUrl"] != nil ? "httpUrl" : nil)
        let hasCommand = members["command"] != nil
        var wantsHTTP: Bool
        if let typeValue = members["type"] {
            guard let type = string(typeValue, at: pointer.appending("type"), nonEmpty: true) else { return nil }
            switch type {
            case "stdio":
                wantsHTTP = false
            case _ where ConfigurationParser.httpTypes.contains(type):
                wantsHTTP = true
            case "sse":
                error(pointer.appending("type"), "the legacy HTTP+SSE transport is not supported: if the server also speaks Streamable HTTP, use its MCP endpoint with \"type\": \"http\"")
                return nil
            default:
                let hint = DidYouMean.hint(for: type, among: ["stdio", "http", "streamable-http"])
                error(pointer.appending("type"), "unknown type \"\(type)\": expected \"stdio\", \"http\" or \"streamable-http\"\(hint)")
                return nil
            }
        } else if hasCommand && urlKey != nil {
            error(pointer, "has both 'command' and '\(urlKey!)': a server is either a process to start (command) or a remote endpoint (url)")
            return nil
        } else if hasCommand || urlKey != nil {
            wantsHTTP = urlKey != nil
        } else {
            error(pointer, "needs 'command' (a stdio server to start) or 'url' (a Streamable HTTP server)")
            return nil
        }
        return wantsHTTP ? readHTTP(members, urlKey: urlKey, at: pointer) : readStdio(members, at: pointer)
    }

    mutating func readStdio(_ members: JSONObject, at pointer: JSONPointer) -> UpstreamTransport? {
        for key in ["url", "httpUrl", "headers"] where members[key] != nil {
            error(pointer.appending(key), "'\(key)' belongs to an http server, and this one is stdio (it has a command)")
        }
        guard let commandValue = members["command"] else {
            error(pointer, "a stdio server needs 'command'")
            return nil
        }
        let command = string(commandValue, at: pointer.appending("command"), nonEmpty: true)
        let arguments = members["args"].flatMap { stringArray($0, at: pointer.appending("args")) } ?? []
        let environment = members["env"].flatMap { stringMap($0, at: pointer.appending("env"), expanding: true) } ?? [:]
        let cwd = members["cwd"].flatMap { string($0, at: pointer.appending("cwd"), nonEmpty: true) }.map(resolvePath)
        guard let command else { return nil }
        return .stdio(StdioLaunch(command: command, arguments: arguments, environment: environment, workingDirectory: cwd))
    }

    mutating func readHTTP(_ members: JSONObject, urlKey: String?, at pointer: JSONPointer) -> UpstreamTransport? {
        for key in ["command", "args", "env", "cwd"] where members[key] != nil {
            error(pointer.appending(key), "'\(key)' belongs to a stdio server, and this one is http (it has a url)")
        }
        guard let urlKey, let urlValue = members[urlKey] else {
            error(pointer, "an http server needs 'url' (its Streamable HTTP endpoint, e.g. https://example.com/mcp)")
            return nil
        }
        let urlPointer = pointer.appending(urlKey)
        let url = string(urlValue, at: urlPointer, nonEmpty: true).flatMap { expand($0, at: urlPointer) }.flatMap { text in
            webURL(text, at: urlPointer)
        }
        if let url, url.path.hasSuffix("/sse") {
            warning(urlPointer, "this looks like a legacy HTTP+SSE endpoint, which Gatehouse does not speak; use the server's Streamable HTTP endpoint (often /mcp)")
        }
        let headers = members["headers"].flatMap { stringMap($0, at: pointer.appending("headers"), expanding: true) } ?? [:]
        for name in headers.keys where !Self.isHeaderName(name) {
            error(pointer.appending("headers").appending(name), "'\(name)' is not a valid HTTP header name")
        }
        guard let url else { return nil }
        return .http(HTTPEndpoint(url: url, headers: headers))
    }

    static func isHeaderName(_ name: String) -> Bool {
        let separators = Set("()<>@,;:\\\"/[]?={} \t")
        return !name.isEmpty && name.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 } && !name.contains(where: separators.contains)
    }

    // MARK: Settings

    mutating func readAdminToken(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard let raw = string(json, at: pointer, nonEmpty: true), let token = expand(raw, at: pointer) else { return nil }
        if token.isEmpty {
            error(pointer, "the admin token is empty")
            return nil
        }
        if token.count < 16 {
            warning(pointer, "the admin token is short (\(token.count) characters): anyone who guesses it controls the gateway; use 32 or more random characters")
        }
        return token
    }

    mutating func readOrigins(_ json: JSONValue, at pointer: JSONPointer) -> [String] {
        guard let origins = stringArray(json, at: pointer) else { return [] }
        for (index, origin) in origins.enumerated() {
            guard let components = URLComponents(string: origin), let scheme = components.scheme,
                  ["http", "https"].contains(scheme), components.host?.isEmpty == false,
                  components.path.isEmpty, components.query == nil, components.fragment == nil, components.user == nil else {
                error(pointer.appending(index), "'\(origin)' is not an origin: write scheme://host[:port], e.g. http://localhost:8080")
                continue
            }
        }
        return origins
    }

    mutating func readLimits(_ json: JSONValue, at pointer: JSONPointer) -> GatewayLimits {
        var limits = GatewayLimits()
        guard let members = object(json, at: pointer, what: "limits") else { return limits }
        reportUnknown(members, allowed: ConfigurationParser.limitFields, at: pointer)
        readPositive(members, "maxBodyBytes", at: pointer, into: &limits.maxBodyBytes)
        if limits.maxBodyBytes < 1024 {
            error(pointer.appending("maxBodyBytes"), "at least 1024 bytes: smaller refuses ordinary MCP messages")
        }
        readPositive(members, "maxSessionsPerGrant", at: pointer, into: &limits.maxSessionsPerGrant)
        readPositive(members, "sessionIdleSeconds", at: pointer, into: &limits.sessionIdleSeconds)
        readPositive(members, "callTimeoutSeconds", at: pointer, into: &limits.callTimeoutSeconds)
        readSeconds(members, "headerTimeoutSeconds", at: pointer, into: &limits.connections.headerTimeoutSeconds)
        readSeconds(members, "bodyTimeoutSeconds", at: pointer, into: &limits.connections.bodyTimeoutSeconds)
        readSeconds(members, "connectionIdleSeconds", at: pointer, into: &limits.connections.idleSeconds)
        readPositive(members, "maxConnections", at: pointer, into: &limits.connections.maxConnections)
        return limits
    }

    mutating func readApprovals(_ json: JSONValue, at pointer: JSONPointer) -> ApprovalSettings {
        var settings = ApprovalSettings()
        guard let members = object(json, at: pointer, what: "approval settings") else { return settings }
        reportUnknown(members, allowed: ConfigurationParser.approvalFields, at: pointer)
        readPositive(members, "timeoutSeconds", at: pointer, into: &settings.timeoutSeconds)
        if let value = members["webhook"] {
            let webhookPointer = pointer.appending("webhook")
            if let raw = string(value, at: webhookPointer, nonEmpty: true), let text = expand(raw, at: webhookPointer),
               webURL(text, at: webhookPointer) != nil {
                settings.webhook = text
            }
        }
        return settings
    }

    mutating func readPinning(_ json: JSONValue, at pointer: JSONPointer) -> PinningMode? {
        guard let text = string(json, at: pointer, nonEmpty: true) else { return nil }
        if let mode = PinningMode(rawValue: text) { return mode }
        let names = PinningMode.allCases.map(\.rawValue)
        error(pointer, "unknown value \"\(text)\": expected \(names.map { "\"\($0)\"" }.joined(separator: ", "))\(DidYouMean.hint(for: text, among: names))")
        return nil
    }

    mutating func readAudit(_ json: JSONValue, at pointer: JSONPointer) -> AuditSettings {
        var settings = AuditSettings()
        guard let members = object(json, at: pointer, what: "audit settings") else { return settings }
        reportUnknown(members, allowed: ConfigurationParser.auditFields, at: pointer)
        if let value = members["arguments"], let text = string(value, at: pointer.appending("arguments"), nonEmpty: true) {
            if let mode = AuditArgumentsMode(rawValue: text) {
                settings.arguments = mode
            } else {
                let names = AuditArgumentsMode.allCases.map(\.rawValue)
                error(pointer.appending("arguments"),
                      "unknown value \"\(text)\": expected \(names.map { "\"\($0)\"" }.joined(separator: ", "))\(DidYouMean.hint(for: text, among: names))")
            }
        }
        return settings
    }

    mutating func readStore(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard let raw = string(json, at: pointer, nonEmpty: true), let text = expand(raw, at: pointer) else { return nil }
        do {
            _ = try StoreLocation(parsing: text)
            return text
        } catch {
            self.error(pointer, "not a store URL: use postgres://user@host:5432/database, or sqlite:DIR")
            return nil
        }
    }

    // MARK: Values

    mutating func unknownField(_ key: String, at pointer: JSONPointer, allowed: [String]) {
        var hint = DidYouMean.hint(for: key, among: allowed)
        if hint.isEmpty, key.lowercased().contains("server") { hint = " (did you mean 'mcpServers'?)" }
        error(pointer, "unknown field '\(key)'\(hint)")
    }

    mutating func reportUnknown(_ members: JSONObject, allowed: [String], at pointer: JSONPointer) {
        for (key, _) in members where !allowed.contains(key) {
            unknownField(key, at: pointer.appending(key), allowed: allowed)
        }
    }

    mutating func object(_ json: JSONValue, at pointer: JSONPointer, what: String) -> JSONObject? {
        guard case .object(let members) = json else {
            error(pointer, "expected \(what), found \(json.typeName)")
            return nil
        }
        return members
    }

    mutating func string(_ json: JSONValue, at pointer: JSONPointer, nonEmpty: Bool = false) -> String? {
        guard case .string(let text) = json else {
            error(pointer, "expected a string, found \(json.typeName)")
            return nil
        }
        if nonEmpty && text.isEmpty {
            error(pointer, "must not be empty")
            return nil
        }
        return text
    }

    mutating func bool(_ json: JSONValue, at pointer: JSONPointer) -> Bool? {
        guard case .bool(let value) = json else {
            error(pointer, "expected true or false, found \(json.typeName)")
            return nil
        }
        return value
    }

    /// Sets `setting` from `members[key]` when present and a whole number of at least 1.
    mutating func readPositive(_ members: JSONObject, _ key: String, at pointer: JSONPointer, into setting: inout Int) {
        if let value = members[key], let number = positiveInt(value, at: pointer.appending(key)) { setting = number }
    }

    mutating func positiveInt(_ json: JSONValue, at pointer: JSONPointer) -> Int? {
        guard let value = json.intValue, value >= 1, value <= Int64(Int32.max) else {
            error(pointer, "expected a whole number of at least 1, found \(json.numberValue != nil ? json.description : json.typeName)")
            return nil
        }
        return Int(value)
    }

    mutating func stringArray(_ json: JSONValue, at pointer: JSONPointer) -> [String]? {
        guard case .array(let elements) = json else {
            error(pointer, "expected an array of strings, found \(json.typeName)")
            return nil
        }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            if let text = string(element, at: pointer.appending(index)) { strings.append(text) }
        }
        return strings.count == elements.count ? strings : nil
    }

    /// An object of strings (`env`, `headers`), with `${VAR}` expanded in the values.
    mutating func stringMap(_ json: JSONValue, at pointer: JSONPointer, expanding: Bool) -> [String: String]? {
        guard let members = object(json, at: pointer, what: "an object of strings") else { return nil }
        var map: [String: String] = [:]
        var complete = true
        for (key, value) in members {
            guard let raw = string(value, at: pointer.appending(key)),
                  let text = expanding ? expand(raw, at: pointer.appending(key)) : raw else {
                complete = false
                continue
            }
            map[key] = text
        }
        return complete ? map : nil
    }

    mutating func expand(_ text: String, at pointer: JSONPointer) -> String? {
        switch expander.expand(text) {
        case .success(let expanded): return expanded
        case .failure(let problem):
            error(pointer, problem.description)
            return nil
        }
    }

    mutating func webURL(_ text: String, at pointer: JSONPointer) -> URL? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false, let url = components.url else {
            error(pointer, "expected an http:// or https:// URL")
            return nil
        }
        return url
    }

    /// Relative to the configuration's folder; `~/` from `$HOME`.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home { return (home as NSString).appendingPathComponent(String(path.dropFirst(2))) }
        return directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
    }
}
