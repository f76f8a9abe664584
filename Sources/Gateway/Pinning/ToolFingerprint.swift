import JSON
import Store

/// A tool definition reduced to what pinning compares: name, description, input schema and
/// annotations, as canonical JSON (sorted keys, compact) and its SHA-256.
///
/// Fields outside those four (`title`, `outputSchema`, `_meta`, `icons`) are left out so that
/// cosmetic additions do not block a tool; everything that tells the model what a tool does or
/// what it accepts is in.
public enum ToolFingerprint {
    static let fields = ["name", "description", "inputSchema", "annotations"]

    /// The fingerprint of one tool of a `tools/list` result; nil when it has no string name.
    public static func observed(_ tool: JSONValue) -> ObservedTool? {
        guard let name = tool["name"]?.stringValue else { return nil }
        var definition = JSONObject()
        for field in fields {
            if let value = tool[field] { definition[field] = value }
        }
        let value = JSONValue.object(definition)
        return ObservedTool(name: name, hash: ArgumentRedactor.publicDigest(value), definition: ArgumentRedactor.canonicalText(value))
    }

    /// Every named tool of a `tools/list` result (`{"tools": [...]}`); the last of duplicates wins.
    public static func observed(listing result: JSONValue) -> [ObservedTool] {
        var byName: [String: ObservedTool] = [:]
        var order: [String] = []
        for tool in result["tools"]?.arrayValue ?? [] {
            guard let observed = observed(tool) else { continue }
            if byName[observed.name] == nil { order.append(observed.name) }
            byName[observed.name] = observed
        }
        return order.compactMap { byName[$0] }
    }
}
