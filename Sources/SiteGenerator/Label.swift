/// A value with a machine id (for CSS classes) and a name for people: a sensitivity, a category.
struct Label: TemplateModel {
    var id: String
    var name: String
    /// How many tools carry it, where a page counts them (0 elsewhere).
    var count: Int = 0

    static let fields = TemplateFields<Label>(["id": .text { $0.id }, "name": .text { $0.name }, "count": .value { $0.count }])
}
