/// Writes the pages that are not a server's — the lists, the directory, the attack-pattern
/// pages, the home page, the FAQ, 404 — rendering one only when its key (``PageRecord``) changed.
struct RecordedPages: Sendable {
    let renderer: PageRenderer
    let output: OutputFolder
    let record: PageRecord

    func write(_ page: PageSource, to segments: [String]) throws(SiteError) -> WriteOutcome {
        let path = segments.joined(separator: "/")
        let key = key(of: page, at: path)
        record.note(path, key: key)
        if record.holds([path], key: key) {
            output.files.add(path)
            return .unchanged
        }
        record.rendered([path])
        let bytes = renderer.render(page.template, kind: page.kind, model: page.model, head: page.head, root: page.root)
        return try output.write(bytes, to: segments)
    }

    private func key(of page: PageSource, at path: String) -> String {
        var hash = FNV1a()
        for part in [record.shared, path, page.template, page.kind, page.root] { hash.add(part) }
        let head = page.head
        for part in [head.title, head.description, head.canonicalURL, head.openGraphType, head.structuredDataHTML] { hash.add(part) }
        ModelFingerprint.add(page.model, to: &hash)
        return String(hash.value, radix: 16)
    }
}
