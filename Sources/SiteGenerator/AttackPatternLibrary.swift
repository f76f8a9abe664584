import Catalog
import Foundation
import Policy

/// The documented attack patterns: every `*.md` file of a folder, in `order` then id order.
///
/// A file starts with a header between `---` lines, one `key: value` per line, then Markdown:
///
///     ---
///     title: Runaway loops
///     summary: An agent stuck in a loop calls the same tool hundreds of times a minute.
///     categories: write, communicate
///     order: 10
///     ---
///     Markdown body…
///
/// Keys: `title` and `summary` (required), `order` (a number, default 100), the criteria
/// `categories`, `levels`, `sensitivities`, `takes` (comma-separated lists), `open-world`,
/// `destructive`, `read-only`, `poisoned` (`true` or `false`), and `answered-by`: the rule answers
/// (``RuleAnswer``) that a tool it concerns must be recommended. Anything else is an error that
/// names the file and line.
public struct AttackPatternLibrary: Sendable {
    public var patterns: [AttackPattern]

    public init(patterns: [AttackPattern]) {
        self.patterns = patterns.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
    }

    /// The patterns that concern a tool so classified, in library order.
    public func patterns(for classification: ToolClassification) -> [AttackPattern] {
        patterns.filter { $0.criteria.matches(classification) }
    }

    public static func load(from directory: String) throws(SiteError) -> AttackPatternLibrary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .attackPattern(file: directory, line: nil, message: "no such attack-pattern folder (see docs/site.md; --patterns sets it)")
        }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        var patterns: [AttackPattern] = []
        for entry in entries where entry != "README.md" {
            let file = (directory as NSString).appendingPathComponent(entry)
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw .attackPattern(file: file, line: nil, message: "cannot read the file as UTF-8 text")
            }
            patterns.append(try parse(text, id: String(entry.dropLast(3)), file: file))
        }
        return AttackPatternLibrary(patterns: patterns)
    }

    static func parse(_ text: String, id: String, file: String) throws(SiteError) -> AttackPattern {
        guard id.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }),
              !id.isEmpty, !id.hasPrefix("-") else {
            throw .attackPattern(file: file, line: nil, message: "name attack-pattern files with lowercase letters, digits and '-' only (the name is the page's URL)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingTrailingSpaces()) }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else {
            throw .attackPattern(file: file, line: 1, message: "start the file with a header between '---' lines (title, summary, criteria)")
        }
        var pattern = AttackPattern(id: id, title: "", summary: "", body: lines[(end + 1)...].joined(separator: "\n").trimmingWhitespace() + "\n")
        for index in 1..<end where !lines[index].allSatisfy(\.isWhitespace) {
            try apply(lines[index], lineNumber: index + 1, to: &pattern, file: file)
        }
        if pattern.title.isEmpty { throw .attackPattern(file: file, line: 1, message: "the header needs a 'title'") }
        if pattern.summary.isEmpty { throw .attackPattern(file: file, line: 1, message: "the header needs a 'summary' (one sentence)") }
        return pattern
    }

    static let keys = ["title", "summary", "order", "categories", "levels", "sensitivities", "takes", "open-world", "destructive", "read-only", "poisoned", "answered-by"]

    private static func apply(_ line: String, lineNumber: Int, to pattern: inout AttackPattern, file: String) throws(SiteError) {
        func fail(_ message: String) -> SiteError { .attackPattern(file: file, line: lineNumber, message: message) }
        guard let colon = line.firstIndex(of: ":") else { throw fail("expected 'key: value'") }
        let key = String(line[..<colon]).trimmingWhitespace()
        let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
        switch key {
        case "title": pattern.title = value
        case "summary": pattern.summary = value
        case "order":
            guard let order = Int(value) else { throw fail("'order' must be a whole number") }
            pattern.order = order
        case "categories": pattern.criteria.categories = try list(value, of: ToolCategory.self, key: key, fail: fail)
        case "levels": pattern.criteria.levels = try list(value, of: RiskLevel.self, key: key, fail: fail)
        case "sensitivities": pattern.criteria.sensitivities = try list(value, of: Sensitivity.self, key: key, fail: fail)
        case "open-world": pattern.criteria.openWorld = try flag(value, key: key, fail: fail)
        case "destructive": pattern.criteria.destructive = try flag(value, key: key, fail: fail)
        case "read-only": pattern.criteria.readOnly = try flag(value, key: key, fail: fail)
        case "poisoned": pattern.criteria.poisoned = try flag(value, key: key, fail: fail)
        case "takes": pattern.criteria.takes = try list(value, of: TakenInput.self, key: key, fail: fail)
        case "answered-by": pattern.answeredBy = try list(value, of: RuleAnswer.self, key: key, fail: fail)
        default: throw fail("unknown key '\(key)'\(DidYouMean.hint(for: key, among: keys))")
        }
    }

    private static func list<Value: RawRepresentable & CaseIterable>(
        _ text: String, of: Value.Type, key: String, fail: (String) -> SiteError
    ) throws(SiteError) -> [Value] where Value.RawValue == String {
        var values: [Value] = []
        for item in text.split(separator: ",").map({ String($0).trimmingWhitespace() }) where !item.isEmpty {
            guard let value = Value(rawValue: item) else {
                let names = Value.allCases.map(\.rawValue)
                throw fail("unknown value '\(item)' in '\(key)'\(DidYouMean.hint(for: item, among: names)) (one of: \(names.joined(separator: ", ")))")
            }
            values.append(value)
        }
        return values
    }

    private static func flag(_ text: String, key: String, fail: (String) -> SiteError) throws(SiteError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw fail("'\(key)' must be true or false")
        }
    }
}
