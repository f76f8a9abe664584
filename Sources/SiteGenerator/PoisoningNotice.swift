import Catalog

/// One piece of text in a tool's definition aimed at the model, as its page shows it.
struct PoisoningNotice: TemplateModel {
    /// Where: "description", "input property 'notes' description".
    var location: String
    /// What it does: "tells the model to keep something from the user".
    var summary: String
    /// The text, quoted.
    var quote: String

    init(_ finding: PoisoningFinding) {
        location = finding.location
        summary = finding.kind.summary
        quote = finding.quote
    }

    static let fields = TemplateFields<PoisoningNotice>([
        "location": .text { $0.location }, "summary": .text { $0.summary }, "quote": .text { $0.quote },
    ])
}
