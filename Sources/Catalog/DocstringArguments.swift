/// The argument descriptions a Python docstring gives in its `Args:` section — how most FastMCP
/// tools describe their inputs when the schema does not:
///
/// ```
/// Get the tree structure of a project
///     Args:
///         project: The path of the project
///         depth (int, optional): How deep to go
/// ```
///
/// Read only to fill in properties the schema leaves undescribed, so a tool is judged on what
/// its author said about `project` ("The path of the project") wherever the author said it.
enum DocstringArguments {
    /// Headers that open the section, and the ones that close it.
    static let openers: Set<String> = ["args", "arguments", "parameters", "params", "parameter", "inputs"]
    static let closers: Set<String> = ["returns", "return", "raises", "yields", "example", "examples", "note", "notes", "response", "output"]

    /// Argument name → description, for the names the section lists (at most one section).
    static func descriptions(in text: String) -> [String: String] {
        guard text.contains(":"), text.contains("\n") else { return [:] }
        var found: [String: String] = [:]
        var inSection = false
        var last: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingSpaces()
            if line.isEmpty { last = nil; continue }
            if let header = self.header(line) {
                if openers.contains(header) { inSection = true; last = nil; continue }
                if inSection, closers.contains(header) { break }
            }
            guard inSection else { continue }
            if let (name, description) = entry(line) {
                found[name] = description
                last = name
            } else if let previous = last {
                found[previous, default: ""] += " " + line  // a continuation line
            }
        }
        return found
    }

    /// `Args:` → "args".
    private static func header(_ line: Substring) -> String? {
        guard line.hasSuffix(":") else { return nil }
        let word = line.dropLast()
        guard !word.isEmpty, word.count <= 12, word.allSatisfy(\.isLetter) else { return nil }
        return word.lowercased()
    }

    /// `name: text`, `name (str, optional): text`, `- name: text`.
    private static func entry(_ line: Substring) -> (String, String)? {
        var rest = line
        if rest.hasPrefix("- ") || rest.hasPrefix("* ") { rest = rest.dropFirst(2) }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        var head = rest[..<colon]
        if let open = head.firstIndex(of: "("), head.hasSuffix(")") { head = head[..<open] }
        let name = head.trimmingSpaces()
        guard !name.isEmpty, name.count <= 64,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let description = rest[rest.index(after: colon)...].trimmingSpaces()
        guard !description.isEmpty else { return nil }
        return (String(name), String(description))
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" && $0 != "\r" } ?? endIndex
        guard start < endIndex, let last = lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return self[endIndex...] }
        return self[start...last]
    }
}
