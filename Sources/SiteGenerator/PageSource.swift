/// A page before it is rendered: its template, its model and head — everything that decides
/// its bytes, given the templates (``PageRenderer``).
struct PageSource: Sendable {
    var template: String
    var kind: String
    var model: any TemplateModel
    var head: PageHead
    var root: String
}
