/// A page model as its template sees it, fed to a hash: every field by name, in name order,
/// nested models and lists included. Two models with the same fingerprint render the same page
/// (with the same templates), which is what lets ``RecordedPages`` skip a list whose tools did
/// not change.
enum ModelFingerprint {
    static func add(_ model: some TemplateModel, to hash: inout FNV1a) {
        for field in type(of: model).fields.sorted {
            hash.add(field.name)
            add(value: field.get(model), to: &hash)
        }
    }

    /// One field's value: text, a nested model, a list of either, a flag or a number.
    static func add(value: Any, to hash: inout FNV1a) {
        switch value {
        case let text as TemplateText:
            hash.add(text.value)
        case let box as any FingerprintedModel:
            hash.add("{")
            box.addFingerprint(to: &hash)
            hash.add("}")
        case let list as [Any]:
            hash.add("[\(list.count)")
            for item in list { add(value: item, to: &hash) }
        default:
            hash.add(String(describing: value))
        }
    }
}

/// A nested model a fingerprint walks into.
protocol FingerprintedModel {
    func addFingerprint(to hash: inout FNV1a)
}

extension TemplateBox: FingerprintedModel {
    func addFingerprint(to hash: inout FNV1a) {
        ModelFingerprint.add(model, to: &hash)
    }
}
