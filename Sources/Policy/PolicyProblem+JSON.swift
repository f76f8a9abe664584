import JSON

extension PolicyProblem {
    /// `{"pointer": "/tools/X/limits/0/window", "severity": "error", "message": "…"}` — what
    /// `gatehouse check --json` prints and the builder API returns.
    public var json: JSONValue {
        ["pointer": .string(pointer.description), "severity": .string(severity.rawValue), "message": .string(message)]
    }
}
