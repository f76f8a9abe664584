/// Finds text in a tool's definition aimed at the model (docs/classification.md).
enum PoisoningDetector {
    static func detect(_ tool: CatalogTool) -> [PoisoningFinding] { [] }
}
