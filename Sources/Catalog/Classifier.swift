/// Classifies a tool's risk from its definition alone.
///
/// PLACEHOLDER: the catalog issue implements the real classifier behind this signature.
public enum Classifier {
    public static func classify(_ tool: CatalogTool) -> ToolClassification {
        ToolClassification(
            category: .write, level: .medium, readOnly: false, destructive: false, reversible: true, openWorld: false,
            sensitivity: [], rationale: "Not classified yet.", evidence: [Evidence(.name, "tool name '\(tool.name)'")])
    }
}
