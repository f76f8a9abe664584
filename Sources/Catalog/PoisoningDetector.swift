import JSON

/// Finds text in a tool's definition aimed at the model rather than describing the tool —
/// in its name, title, description, and every description, title, default, example and enum
/// value of its input schema — and quotes it (docs/classification.md, "Poisoned definitions"):
/// instructions that set the model's instructions aside, keep things from the user, claim powers,
/// steer tool choice or ask for secrets; blocks set apart for the model (`<IMPORTANT>`,
/// `<!-- … -->`); invisible or bidirectional-override characters; URLs the model is told to
/// send data to.
enum PoisoningDetector {
    /// Hostile schemas are bounded: enough for any real tool.
    static let maximumTexts = 400
    static let maximumDepth = 12

    private static let scan = TriggerScan(PoisoningRules.triggerWords)

    static func detect(_ tool: CatalogTool, description: DescriptionReader) -> [PoisoningFinding] {
        var all: [PoisoningFinding] = []
        func add(_ found: [PoisoningFinding]) {
            for finding in found where !all.contains(where: { $0.kind == finding.kind }) { all.append(finding) }
        }
        add(InvisibleText.findings(in: tool.name, location: "name"))
        if let title = tool.title { add(findings(in: title, reader: nil, location: "title")) }
        add(findings(in: tool.description, reader: description, location: "description"))
        var texts: [(String, String)] = []
        collect(tool.inputSchema, path: [], depth: 0, into: &texts)
        for (text, location) in texts { add(findings(in: text, reader: nil, location: location)) }
        return all
    }

    /// Every finding in one text.
    static func findings(in text: String, reader: DescriptionReader?, location: String) -> [PoisoningFinding] {
        var found = text.utf8.contains(where: { $0 >= 0xD8 }) ? InvisibleText.findings(in: text, location: location) : []
        guard text.utf8.count >= 12, reader != nil || scan.mayMatch(text) else { return found }
        if text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "#") }),
           let block = hiddenBlock(text.lowercased(), original: text) {
            found.append(PoisoningFinding(kind: .hiddenBlock, location: location, quote: block))
        }
        let reader = reader ?? DescriptionReader(text)
        // Most sentences hold none of the words a rule starts with: one look per word rules them out.
        for sentence in reader.sentences where sentence.words.contains(where: PoisoningRules.triggerWords.contains) {
            let words = sentence.words
            for (kind, pattern) in PoisoningRules.patterns where !found.contains(where: { $0.kind == kind }) {
                if pattern.matches(words) { found.append(PoisoningFinding(kind: kind, location: location, quote: Quote.short(sentence.text))) }
            }
            if !found.contains(where: { $0.kind == .secretAccess }), asksForSecretFile(sentence, words: words) {
                found.append(PoisoningFinding(kind: .secretAccess, location: location, quote: Quote.short(sentence.text)))
            }
            if !found.contains(where: { $0.kind == .exfiltrationURL }), sendsDataToURL(words) {
                found.append(PoisoningFinding(kind: .exfiltrationURL, location: location, quote: Quote.short(sentence.text)))
            }
        }
        return found
    }

    /// `~/.ssh/id_rsa`, `mcp.json`, `.env` with an instruction to hand it over ("pass its content as").
    private static func asksForSecretFile(_ sentence: Sentence, words: [String]) -> Bool {
        let handsOver = words.contains { ["pass", "send", "include", "provide", "attach", "upload", "paste", "forward", "put", "copy"].contains($0) }
        let reads = words.contains { ["read", "cat", "open", "load"].contains($0) }
        guard handsOver, reads || words.contains("content") || words.contains("contents") else { return false }
        let lowered = sentence.text.lowercased()
        return PoisoningRules.secretFiles.contains(where: lowered.contains)
    }

    /// "Send the conversation to https://…", "then post all results at http://…": a transfer
    /// verb in the imperative, something to send within a few words, and a URL after it.
    private static func sendsDataToURL(_ words: [String]) -> Bool {
        guard words.contains(where: { $0 == "http" || $0 == "https" }) else { return false }
        for (index, word) in words.enumerated() where PoisoningRules.transferVerbs.contains(word) {
            guard index == 0 || PoisoningRules.imperativeLeads.contains(words[index - 1]) else { continue }
            let after = words[(index + 1)...]
            guard let object = after.prefix(6).firstIndex(where: PoisoningRules.dataObjects.contains) else { continue }
            if words[(object + 1)...].contains(where: { $0 == "http" || $0 == "https" }) { return true }
        }
        return false
    }

    /// `<IMPORTANT>…`, `<!-- … -->` with words in it, or a chat-template turn marker.
    private static func hiddenBlock(_ lowered: String, original: String) -> String? {
        if let marker = PoisoningRules.turnMarkers.first(where: lowered.contains) { return marker }
        if let start = lowered.range(of: "<!--") {
            let rest = lowered[start.upperBound...]
            let body = rest.range(of: "-->").map { rest[..<$0.lowerBound] } ?? rest
            if body.split(whereSeparator: { !$0.isLetter }).count >= 3 { return Quote.short("<!--" + String(body.prefix(80))) }
        }
        var index = lowered.startIndex
        while let open = lowered[index...].firstIndex(of: "<") {
            let after = lowered.index(after: open)
            guard let close = lowered[after...].firstIndex(of: ">") else { break }
            var name = lowered[after..<close]
            if name.hasPrefix("/") { name = name.dropFirst() }
            if name.count <= 30, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }),
               PoisoningRules.blockNames.contains(String(name)) || name.contains("instruction") {
                return "<\(name)>"
            }
            index = after
        }
        return nil
    }

    /// The strings of a schema a model reads, with where each sits.
    private static func collect(_ schema: JSONValue, path: [String], depth: Int, into texts: inout [(String, String)]) {
        guard depth < maximumDepth, texts.count < maximumTexts else { return }
        switch schema {
        case .object(let members):
            let place = path.isEmpty ? "input schema" : "input property '\(path.joined(separator: "."))'"
            for key in ["description", "title", "default", "const", "$comment"] {
                if case .string(let text)? = members[key] { texts.append((text, "\(place) \(key)")) }
            }
            for key in ["examples", "enum"] {
                for case .string(let text) in members[key]?.arrayValue ?? [] { texts.append((text, "\(place) \(key)")) }
            }
            if case .object(let properties)? = members["properties"] {
                for (name, property) in properties {
                    if InvisibleText.contains(name) { texts.append((name, "input property name")) }
                    collect(property, path: path + [name], depth: depth + 1, into: &texts)
                }
            }
            for key in ["items", "additionalProperties"] {
                if let nested = members[key] { collect(nested, path: path, depth: depth + 1, into: &texts) }
            }
            for key in ["anyOf", "oneOf", "allOf"] {
                for alternative in members[key]?.arrayValue ?? [] { collect(alternative, path: path, depth: depth + 1, into: &texts) }
            }
        case .array(let items):
            for item in items { collect(item, path: path, depth: depth + 1, into: &texts) }
        default:
            break
        }
    }
}
