import Foundation
import JSON
import Policy
import Store

/// The gateway's own settings: the admin token, origins, limits, approvals, audit, store.
extension ConfigurationReader {
    mutating func readAdminToken(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard let raw = nonEmptyString(json, at: pointer), let token = expand(raw, at: pointer) else { return nil }
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
        guard let members = section(json, at: pointer, what: "limits", allowed: ConfigurationParser.limitFields) else { return limits }
        readPositive(members, "maxBodyBytes", at: pointer, into: &limits.maxBodyBytes)
        if limits.maxBodyBytes < 1024 {
            error(pointer.appending("maxBodyBytes"), "at least 1024 bytes: smaller refuses ordinary MCP messages")
        }
        readPositive(members, "maxSessionsPerGrant", at: pointer, into: &limits.maxSessionsPerGrant)
        readPositive(members, "sessionIdleSeconds", at: pointer, into: &limits.sessionIdleSeconds)
        readPositive(members, "abandonedSessionSeconds", at: pointer, into: &limits.abandonedSessionSeconds)
        readPositive(members, "callTimeoutSeconds", at: pointer, into: &limits.callTimeoutSeconds)
        readSeconds(members, "headerTimeoutSeconds", at: pointer, into: &limits.connections.headerTimeoutSeconds)
        readSeconds(members, "bodyTimeoutSeconds", at: pointer, into: &limits.connections.bodyTimeoutSeconds)
        readSeconds(members, "connectionIdleSeconds", at: pointer, into: &limits.connections.idleSeconds)
        readPositive(members, "maxConnections", at: pointer, into: &limits.connections.maxConnections)
        return limits
    }

    mutating func readApprovals(_ json: JSONValue, at pointer: JSONPointer) -> ApprovalSettings {
        var settings = ApprovalSettings()
        guard let members = section(json, at: pointer, what: "approval settings", allowed: ConfigurationParser.approvalFields) else {
            return settings
        }
        readPositive(members, "timeoutSeconds", at: pointer, into: &settings.timeoutSeconds)
        if members["answerSeconds"] != nil {
            var seconds = Double(settings.timeoutSeconds)
            readSeconds(members, "answerSeconds", at: pointer, into: &seconds)
            settings.answerSeconds = seconds
        }
        if let value = members["webhook"] {
            let webhookPointer = pointer.appending("webhook")
            if let raw = nonEmptyString(value, at: webhookPointer), let text = expand(raw, at: webhookPointer),
               webURL(text, at: webhookPointer) != nil {
                settings.webhook = text
            }
        }
        return settings
    }

    mutating func readPinning(_ json: JSONValue, at pointer: JSONPointer) -> PinningMode? {
        oneOf(PinningMode.allCases.map(\.rawValue), json, at: pointer, hint: { DidYouMean.hint(for: $0, among: $1) }).flatMap(PinningMode.init(rawValue:))
    }

    mutating func readUpstreamScope(_ json: JSONValue, at pointer: JSONPointer) -> UpstreamScope? {
        oneOf(UpstreamScope.allCases.map(\.rawValue), json, at: pointer, hint: { DidYouMean.hint(for: $0, among: $1) }).flatMap(UpstreamScope.init(rawValue:))
    }

    mutating func readAudit(_ json: JSONValue, at pointer: JSONPointer) -> AuditSettings {
        var settings = AuditSettings()
        guard let members = section(json, at: pointer, what: "audit settings", allowed: ConfigurationParser.auditFields) else { return settings }
        if let value = members["arguments"],
           let text = oneOf(AuditArgumentsMode.allCases.map(\.rawValue), value, at: pointer.appending("arguments"), hint: { DidYouMean.hint(for: $0, among: $1) }),
           let mode = AuditArgumentsMode(rawValue: text) {
            settings.arguments = mode
        }
        return settings
    }

    mutating func readStore(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard let raw = nonEmptyString(json, at: pointer), let text = expand(raw, at: pointer) else { return nil }
        do {
            _ = try StoreLocation(parsing: text)
            return text
        } catch {
            self.error(pointer, "not a store URL: use postgres://user@host:5432/database, or sqlite:DIR")
            return nil
        }
    }

    /// A settings object's members, its unknown fields reported; nil when it is not an object.
    mutating func section(_ json: JSONValue, at pointer: JSONPointer, what: String, allowed: [String]) -> JSONObject? {
        guard let members = object(json, at: pointer, what: what) else { return nil }
        reportUnknown(members, allowed: allowed, at: pointer)
        return members
    }
}
