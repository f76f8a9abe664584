/// A page model as its template sees it, fed to a hash: every field by name, in name order,
/// nested models and lists included. Two models with the same fingerprint render the same page
/// (with the same templates), which is what lets ``RecordedPages`` skip a list whose tools did
/// not change. It reads the typed values (``TemplateValue``): no cast of an `Any` per field.
enum ModelFingerprint {
    static func add(_ model: some TemplateModel, to hash: inout FNV1a) {
        for field in type(of: model).fields.sorted {
            hash.add(field.name)
            add(field.value(model), to: &hash) { field.get(model) }
        }
    }

    /// One field's value: text, a nested model, a list of either, or a flag; anything else by its description.
    private static func add(_ value: TemplateValue, to hash: inout FNV1a, any: () -> Any) {
        switch value {
        case .text(let text):
            hash.add(text)
        case .texts(let texts):
            hash.add("[\(texts.count)")
            for text in texts { hash.add(text) }
        case .model(let model):
            addNested(model, to: &hash)
        case .models(let models):
            hash.add("[\(models.count)")
            for model in models { addNested(model, to: &hash) }
        case .flag(let flag):
            hash.add(flag ? "true" : "false")
        case .other:
            hash.add(String(describing: any()))
        }
    }

    private static func addNested(_ model: any TemplateModel, to hash: inout FNV1a) {
        hash.add("{")
        add(model, to: &hash)
        hash.add("}")
    }
}
