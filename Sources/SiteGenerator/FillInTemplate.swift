import Foundation
import Mustache

/// A template made only of text and plain `{{field}}` / `{{{field}}}` tags (the layout, most
/// small partials), turned into a form to fill in: Mustache renders it once with a marker in
/// place of every field, and each page then puts its own values where the markers were.
///
/// Why: a Mustache lookup costs about a microsecond (dynamic casts, a name split, a stack
/// walk), and the layout alone does twenty per page. The output is the one Mustache gives —
/// the text around the fields *is* Mustache's output — and a value Mustache would treat as
/// anything other than text (a list, a flag, a nested model) makes ``fill(_:)`` return nil,
/// so the caller renders that page with Mustache instead.
struct FillInTemplate: Sendable {
    /// The text before the first field, between fields, and after the last (one more than
    /// `slots`).
    let texts: [String]
    let slots: [Slot]
    let contentType: any MustacheContentType

    struct Slot: Sendable, Equatable {
        let name: String
        /// `{{name}}` (escaped for the template's kind) rather than `{{{name}}}`.
        let escaped: Bool
    }

    /// The form for a template, or nil when it has sections, partials, transforms, dotted
    /// names or anything else only Mustache itself can render.
    init?(source: String, compiled: MustacheTemplate, contentType: any MustacheContentType) {
        guard !source.contains(Self.markerStart) else { return nil }
        var slots: [Slot] = []
        for tag in MustacheTag.scan(source) {
            switch tag.kind {
            case .comment: continue
            case .variable, .rawVariable:
                guard !tag.isTransformed, Self.isPlainName(tag.name) else { return nil }
                slots.append(Slot(name: tag.name, escaped: tag.kind == .variable))
            default: return nil
            }
        }
        let names = Array(Set(slots.map(\.name))).sorted()
        let probe = MarkerModel(numbers: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
        let rendered = compiled.render(probe)
        guard let texts = Self.split(rendered, expecting: slots.map { probe.marker(for: $0.name) }) else { return nil }
        self.texts = texts
        self.slots = slots
        self.contentType = contentType
    }

    /// The template filled with `model`'s fields, or nil when a field is not text.
    func fill(_ model: some MustacheParent) -> String? {
        fill { name in
            model.child(named: name).map { value in (value as? TemplateText).map { .text($0.value) } ?? .other }
        }
    }

    /// The same, reading a template model's typed fields (no cast per field).
    func fill(_ model: some TemplateModel) -> String? {
        fill { model.templateValue(named: $0) }
    }

    private func fill(_ value: (String) -> TemplateValue?) -> String? {
        var output = texts[0]
        for (index, slot) in slots.enumerated() {
            switch value(slot.name) {
            case nil: break
            case .text(let text)?: output += slot.escaped ? contentType.escapeText(text) : text
            default: return nil
            }
            output += texts[index + 1]
        }
        return output
    }

    // MARK: Building the form

    /// Private-use characters: no escaping touches them, and a template that holds one is not filled in.
    private static let markerStart = "\u{E000}"
    private static let markerEnd = "\u{E001}"

    private static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// The text between `markers`, which must appear in `rendered` in exactly that order and
    /// nowhere else.
    private static func split(_ rendered: String, expecting markers: [String]) -> [String]? {
        var texts: [String] = []
        var rest = Substring(rendered)
        for marker in markers {
            guard let range = rest.range(of: marker) else { return nil }
            texts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        guard !rest.contains(markerStart) else { return nil }
        texts.append(String(rest))
        return texts
    }

    /// Answers every field with a marker that names it.
    private struct MarkerModel: MustacheParent {
        let numbers: [String: Int]

        func marker(for name: String) -> String {
            FillInTemplate.markerStart + String(numbers[name] ?? -1) + FillInTemplate.markerEnd
        }

        func child(named name: String) -> Any? {
            TemplateText(value: marker(for: name))
        }
    }
}
