/// The model of `404.md.mustache`: links go through the base URL's path, since a web server
/// shows this page for a missing address at any depth.
struct NotFoundPage: TemplateModel {
    var root: String
    var homeURL: String

    static let fields = TemplateFields<NotFoundPage>(["root": .text { $0.root }, "homeURL": .text { $0.homeURL }])
}
