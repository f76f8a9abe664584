import Foundation
import Mustache

/// The sentences the generator writes on tool pages (``ToolProse``), read from `prose.md` in the
/// templates folder: each `## name` heading starts an entry, its text runs to the next heading
/// (lines joined with a space), and `{{field}}` is filled in as plain text — the pages escape the
/// result. Entries are forms to fill in (``FillInTemplate``), never Mustache at page time.
struct ProseTemplates: Sendable {
    static let fileName = "prose.md"

    private let entries: [String: FillInTemplate]

    /// The entry `name` with `fields` filled in (a field the entry does not use is ignored).
    func text(_ name: String, _ fields: [String: String] = [:]) -> String {
        entries[name]?.fill(Fields(values: fields)) ?? ""
    }

    /// Reads and checks `prose.md` in `directory`: every entry ``ToolProse/entries`` names must
    /// be there and use only its fields. Every problem is reported, with its line.
    static func load(from directory: String) -> (prose: ProseTemplates, problems: [TemplateProblem]) {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            let message = "missing: the sentences of tool pages (\(fileName), one `## name` per entry)"
            let problem = TemplateProblem(file: path, message: message)
            return (ProseTemplates(entries: [:]), [problem])
        }
        var problems: [TemplateProblem] = []
        var entries: [String: FillInTemplate] = [:]
        for entry in parse(text) {
            guard let fields = ToolProse.entries[entry.name] else {
                problems.append(TemplateProblem(file: path, line: entry.line, message: "no sentence is called '\(entry.name)'"))
                continue
            }
            let unknown = MustacheTag.scan(entry.text).map(\.name).filter { !fields.contains($0) }
            guard unknown.isEmpty else {
                let known = fields.isEmpty ? "it has none" : "it has " + fields.sorted().joined(separator: ", ")
                let message = "'\(entry.name)' has no field '\(unknown[0])' (\(known))"
                problems.append(TemplateProblem(file: path, line: entry.line, message: message))
                continue
            }
            guard let compiled = try? MustacheTemplate(string: entry.text),
                  let form = FillInTemplate(source: entry.text, compiled: compiled, contentType: PlainText()) else {
                let message = "'\(entry.name)' may hold only text and {{field}} tags"
                problems.append(TemplateProblem(file: path, line: entry.line, message: message))
                continue
            }
            entries[entry.name] = form
        }
        let named = Set(problems.compactMap { problem in ToolProse.entries.keys.first { problem.message.hasPrefix("'\($0)'") } })
        for name in ToolProse.entries.keys.sorted() where entries[name] == nil && !named.contains(name) {
            problems.append(TemplateProblem(file: path, message: "missing the entry '## \(name)'"))
        }
        return (ProseTemplates(entries: entries), problems)
    }

    /// The entries of the file: name, the line of its heading, and its text on one line.
    private static func parse(_ text: String) -> [(name: String, line: Int, text: String)] {
        var entries: [(name: String, line: Int, text: String)] = []
        var lines: [String] = []
        func finish() {
            guard !entries.isEmpty else { return }
            let words = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            entries[entries.count - 1].text = words.joined(separator: " ")
            lines = []
        }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("## ") {
                finish()
                entries.append((String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), number + 1, ""))
            } else if !entries.isEmpty {
                lines.append(String(line))
            }
        }
        finish()
        return entries
    }

    /// Fields as a form reads them.
    private struct Fields: MustacheParent {
        let values: [String: String]

        func child(named name: String) -> Any? {
            values[name].map { TemplateText(value: $0) }
        }
    }

    /// Prose is plain text: the page that shows it escapes it.
    private struct PlainText: MustacheContentType {
        func escapeText(_ text: String) -> String { text }
    }
}
