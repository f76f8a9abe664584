import Foundation
import JSON

extension AuditEntry {
    /// The row as a JSON object with camelCase keys — what `gatehouse audit --json` prints and
    /// the API returns. Every field is present (null when empty), so the shape is stable;
    /// `time` is ISO 8601 UTC with milliseconds, `arguments` the recorded JSON value.
    public var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "id": id.map(JSONValue.int) ?? .null,
            "time": .string(Timestamp.string(time)),
            "kind": .string(kind.rawValue),
            "grant": text(grant),
            "session": text(session),
            "server": text(server),
            "tool": text(tool),
            "decision": text(decision),
            "rule": text(rule),
            "reason": text(reason),
            "argumentsDigest": text(argumentsDigest),
            "arguments": arguments.map { (try? JSONParser.parse($0)) ?? .string($0) } ?? .null,
            "outcome": text(outcome?.rawValue),
            "latencyMs": latencyMs.map(JSONValue.number) ?? .null,
            "error": text(error),
            "detail": detail ?? .null,
            "forwardedBy": text(forwardedBy),
        ]
    }
}
