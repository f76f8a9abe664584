import Foundation
import JSON

/// One line of an ``AuditSpool``: a row, an outcome, or how much of the file the store has.
enum AuditSpoolLine: Equatable {
    case row(AuditEntry)
    case completion(AuditCompletion)
    /// The first `rows` rows and `completions` outcomes of the file are in the store.
    case drained(rows: Int, completions: Int)

    var json: JSONValue {
        switch self {
        case .row(let row): return ["row": Self.json(row)]
        case .completion(let completion):
            return ["completion": ["id": .int(completion.id), "outcome": .string(completion.outcome.rawValue),
                                   "latencyMs": .number(completion.latencyMs), "error": completion.error.map(JSONValue.string) ?? .null]]
        case .drained(let rows, let completions):
            return ["drained": ["rows": .int(Int64(rows)), "completions": .int(Int64(completions))]]
        }
    }

    /// The line read back; nil when it is none of the three.
    init?(json value: JSONValue) {
        if let row = value["row"].flatMap(Self.row(from:)) {
            self = .row(row)
        } else if let completion = value["completion"].flatMap(Self.completion(from:)) {
            self = .completion(completion)
        } else if let rows = value["drained"]?["rows"]?.intValue, let completions = value["drained"]?["completions"]?.intValue {
            self = .drained(rows: Int(rows), completions: Int(completions))
        } else {
            return nil
        }
    }

    /// Every field as stored (the time as seconds since 1970, so it comes back to the bit).
    private static func json(_ row: AuditEntry) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "time": .number(row.time.timeIntervalSince1970), "kind": .string(row.kind.rawValue), "grant": text(row.grant),
            "session": text(row.session), "server": text(row.server), "tool": text(row.tool), "decision": text(row.decision),
            "rule": text(row.rule), "reason": text(row.reason), "argumentsDigest": text(row.argumentsDigest),
            "arguments": text(row.arguments), "outcome": text(row.outcome?.rawValue),
            "latencyMs": row.latencyMs.map(JSONValue.number) ?? .null, "error": text(row.error), "detail": row.detail ?? .null,
            "forwardedBy": text(row.forwardedBy),
        ]
    }

    private static func row(from value: JSONValue) -> AuditEntry? {
        guard let seconds = value["time"]?.numberValue, let kind = value["kind"]?.stringValue else { return nil }
        var row = AuditEntry(time: Date(timeIntervalSince1970: seconds), kind: AuditKind(kind))
        row.grant = value["grant"]?.stringValue
        row.session = value["session"]?.stringValue
        row.server = value["server"]?.stringValue
        row.tool = value["tool"]?.stringValue
        row.decision = value["decision"]?.stringValue
        row.rule = value["rule"]?.stringValue
        row.reason = value["reason"]?.stringValue
        row.argumentsDigest = value["argumentsDigest"]?.stringValue
        row.arguments = value["arguments"]?.stringValue
        row.outcome = value["outcome"]?.stringValue.flatMap(AuditOutcome.init(rawValue:))
        row.latencyMs = value["latencyMs"]?.numberValue
        row.error = value["error"]?.stringValue
        row.detail = value["detail"].flatMap { $0.isNull ? nil : $0 }
        row.forwardedBy = value["forwardedBy"]?.stringValue
        return row
    }

    private static func completion(from value: JSONValue) -> AuditCompletion? {
        guard let id = value["id"]?.intValue, let outcome = value["outcome"]?.stringValue.flatMap(AuditOutcome.init(rawValue:)),
              let latency = value["latencyMs"]?.numberValue else { return nil }
        return AuditCompletion(id: id, outcome: outcome, latencyMs: latency, error: value["error"]?.stringValue)
    }
}
