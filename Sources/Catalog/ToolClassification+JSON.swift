import JSON
import Policy

extension ToolClassification {
    /// The classification as JSON, in the shape `gatehouse classify --json` prints: `server`,
    /// `tool`, `category`, `level`, MCP's four hints (`readOnly`, `destructive`, `idempotent`,
    /// `openWorld`, after the declared annotations are weighed), our own `reversible`,
    /// `sensitivity`, `confidence`, `rationale`, `evidence` (each `{source, text}`),
    /// `suggestedAnnotations` (the four hints from the definition alone), `hintReasons` (why each),
    /// `hintDisagreements` (declared hints the definition does not bear out, with why), `poisoning`
    /// (`{kind, location, quote}`) and, for a description in Chinese, Japanese or Korean, `descriptionLanguage`.
    public func json(server: String, tool: String) -> JSONValue {
        var members = JSONObject()
        members["server"] = .string(server)
        members["tool"] = .string(tool)
        members["category"] = .string(category.rawValue)
        members["level"] = .string(level.rawValue)
        members["readOnly"] = .bool(readOnly)
        members["destructive"] = .bool(destructive)
        members["idempotent"] = .bool(idempotent)
        members["reversible"] = .bool(reversible)
        members["openWorld"] = .bool(openWorld)
        members["sensitivity"] = .array(sensitivity.map { .string($0.rawValue) })
        members["confidence"] = .string(confidence.rawValue)
        members["rationale"] = .string(rationale)
        members["evidence"] = .array(evidence.map { ["source": .string($0.source.rawValue), "text": .string($0.text)] })
        members["suggestedAnnotations"] = suggestedAnnotations.json
        var reasons = JSONObject()
        for (name, judgement) in hints.all { reasons[name] = .string(judgement.because) }
        members["hintReasons"] = .object(reasons)
        members["hintDisagreements"] = .array(hintDisagreements.map { disagreement in
            ["hint": .string(disagreement.hint), "declared": .bool(disagreement.declared), "suggested": .bool(disagreement.suggested),
             "because": .string(disagreement.because)]
        })
        members["poisoning"] = .array(poisoning.map { ["kind": .string($0.kind.rawValue), "location": .string($0.location), "quote": .string($0.quote)] })
        if let descriptionLanguage { members["descriptionLanguage"] = .string(descriptionLanguage) }
        return .object(members)
    }
}

extension Recommendation {
    /// `{"key": …, "rule": {…}, "kind": …, "summary": …}`.
    public var json: JSONValue {
        ["key": .string(key), "rule": rule.json, "kind": .string(kind.rawValue), "summary": .string(summary)]
    }
}

extension ToolAnnotations {
    /// The four hints as an MCP `annotations` object (unset hints left out).
    public var json: JSONValue {
        var members = JSONObject()
        if let readOnlyHint { members["readOnlyHint"] = .bool(readOnlyHint) }
        if let destructiveHint { members["destructiveHint"] = .bool(destructiveHint) }
        if let idempotentHint { members["idempotentHint"] = .bool(idempotentHint) }
        if let openWorldHint { members["openWorldHint"] = .bool(openWorldHint) }
        return .object(members)
    }
}
