/// A value with a machine id (for CSS classes) and a name for people: a sensitivity, a category.
struct Label: TemplateModel {
    var id: String
    var name: String
    /// How many tools carry it, where a page counts them (0 elsewhere).
    var count: Int = 0

    static let fields = TemplateFields<Label>(["id": { $0.id }, "name": { $0.name }, "count": { $0.count }])
}
