import Foundation
import JSON
import Policy
import Upstream

/// One entry of `mcpServers`: a process to start (stdio) or a remote endpoint (http).
extension ConfigurationReader {
    /// What one entry of `mcpServers` says.
    enum ServerEntry {
        case enabled(ServerConfiguration)
        /// `"disabled": true`: checked like any entry when it says more, but it may say nothing else.
        case disabled
    }

    /// The keys under which clients write a remote server's URL: `url`, Windsurf's `serverUrl`
    /// and Gemini CLI's `httpUrl`.
    static let urlKeys = ["url", "serverUrl", "httpUrl"]

    mutating func readServer(name: String, _ json: JSONValue, at pointer: JSONPointer) -> ServerEntry? {
        guard let members = object(json, at: pointer, what: "a server (command and args, or url)") else { return nil }
        for (key, _) in members where !ConfigurationParser.serverFields.contains(key) {
            if let why = ConfigurationParser.clientOnlyFields[key] {
                warning(pointer.appending(key), "'\(key)' is a client setting and is ignored by Gatehouse\(why.isEmpty ? "" : ": \(why)")")
            } else if Self.urlKeys.contains(key) {
                continue
            } else if key == "envFile" {
                error(pointer.appending(key), "'envFile' is not supported: put the variables in 'env', or in the gateway's environment as ${NAME}")
            } else {
                unknownField(key, at: pointer.appending(key), allowed: ConfigurationParser.serverFields)
            }
        }
        let disabled = members["disabled"].flatMap { bool($0, at: pointer.appending("disabled")) } ?? false
        if disabled && members.keys.allSatisfy({ $0 == "disabled" }) { return .disabled }
        let transport = readTransport(members, at: pointer)
        let policyPath = members["policy"].flatMap { nonEmptyString($0, at: pointer.appending("policy")) }.map(resolvePath)
        let idleSeconds = members["idleSeconds"].flatMap { positiveInt($0, at: pointer.appending("idleSeconds")) }
        let callTimeout = members["callTimeoutSeconds"].flatMap { positiveInt($0, at: pointer.appending("callTimeoutSeconds")) }
        let pinning = members["pinning"].flatMap { readPinning($0, at: pointer.appending("pinning")) } ?? .enforce
        let scope = members["upstreamScope"].flatMap { readUpstreamScope($0, at: pointer.appending("upstreamScope")) } ?? .shared
        if idleSeconds != nil, case .http = transport {
            warning(pointer.appending("idleSeconds"), "'idleSeconds' applies to stdio servers only; it is ignored for a url")
        }
        if members["policy"] == nil && !disabled {
            warning(pointer, ConfigurationParser.noPolicyWarning(name))
        }
        guard let transport else { return nil }
        if disabled { return .disabled }
        return .enabled(ServerConfiguration(name: name, transport: transport, policyPath: policyPath, idleSeconds: idleSeconds,
                                            callTimeoutSeconds: callTimeout, pinning: pinning, upstreamScope: scope))
    }

    mutating func readTransport(_ members: JSONObject, at pointer: JSONPointer) -> UpstreamTransport? {
        let urlKey = Self.urlKeys.first { members[$0] != nil }
        let hasCommand = members["command"] != nil
        var wantsHTTP: Bool
        if let typeValue = members["type"] {
            guard let type = nonEmptyString(typeValue, at: pointer.appending("type")) else { return nil }
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
        for key in Self.urlKeys + ["headers"] where members[key] != nil {
            error(pointer.appending(key), "'\(key)' belongs to an http server, and this one is stdio (it has a command)")
        }
        guard let commandValue = members["command"] else {
            error(pointer, "a stdio server needs 'command'")
            return nil
        }
        let command = nonEmptyString(commandValue, at: pointer.appending("command"))
        let arguments = members["args"].flatMap { stringArray($0, at: pointer.appending("args")) } ?? []
        let environment = members["env"].flatMap { stringMap($0, at: pointer.appending("env"), expanding: true) } ?? [:]
        let cwd = members["cwd"].flatMap { nonEmptyString($0, at: pointer.appending("cwd")) }.map(resolvePath)
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
        let url = nonEmptyString(urlValue, at: urlPointer).flatMap { expand($0, at: urlPointer) }.flatMap { text in
            webURL(text, at: urlPointer)
        }
        if let url, url.path.hasSuffix("/sse") {
            warning(urlPointer, "this looks like a legacy HTTP+SSE endpoint, which Gatehouse does not speak; use the server's Streamable HTTP endpoint (often /mcp)")
        }
        let headers = members["headers"].flatMap { stringMap($0, at: pointer.appending("headers"), expanding: true) } ?? [:]
        for name in headers.keys where !HTTPToken.isValid(name) {
            error(pointer.appending("headers").appending(name), "'\(name)' is not a valid HTTP header name")
        }
        guard let url else { return nil }
        return .http(HTTPEndpoint(url: url, headers: headers))
    }
}
