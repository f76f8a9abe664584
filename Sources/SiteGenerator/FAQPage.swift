/// The model of `faq.md.mustache`: the questions whose answers are the same for every tool
/// (how to enforce a policy, block a tool, how limits work), which every tool page links.
struct FAQPage: TemplateModel {
    var root: String
    var homeURL: String
    var directoryURL: String

    static let fields = TemplateFields<FAQPage>([
        "root": .text { $0.root }, "homeURL": .text { $0.homeURL }, "directoryURL": .text { $0.directoryURL },
    ])
}
