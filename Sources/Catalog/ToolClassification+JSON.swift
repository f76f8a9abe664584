import JSON
import Policy

extension ToolClassification {
    /// The classification as JSON, in the shape `gatehouse classify --json` prints: `server`,
    /// `tool`, `category`, `level`, `readOnly`, `destructive`, `reversible`, `openWorld`,
    /// `sensitivity`, `confidence`, `rationale`, `evidence` (each `{source, text}`).
    public func json(server: String, tool: String) -> JSONValue {
        var members = JSONObject()
        members["server"] = .string(server)
        members["tool"] = .string(tool)
        members["category"] = .string(category.rawValue)
        members["level"] = .string(level.rawValue)
        members["readOnly"] = .bool(readOnly)
        members["destructive"] = .bool(destructive)
        members["reversible"] = .bool(reversible)
        members["openWorld"] = .bool(openWorld)
        members["sensitivity"] = .array(sensitivity.map { .string($0.rawValue) })
        members["confidence"] = .string(confidence.rawValue)
        members["rationale"] = .string(rationale)
        members["evidence"] = .array(evidence.map { ["source": .string($0.source.rawValue), "text": .string($0.text)] })
        return .object(members)
    }
}

extension Recommendation {
    /// `{"key": …, "rule": {…}, "summary": …}`.
    public var json: JSONValue {
        ["key": .string(key), "rule": rule.json, "summary": .string(summary)]
    }
}
