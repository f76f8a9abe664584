/// Everything the classifier reads from a tool's definition, read once: the words of its name,
/// its title and description as sentences, and its input properties.
struct ToolFacts: Sendable {
    let name: String
    let nameTokens: [NameToken]
    /// The name's words, lowercased.
    let nameWords: [String]
    /// Indices of name tokens that belong to a compound noun ("pull request"): never verbs.
    let compoundTokenIndices: Set<Int>
    /// The human title, when the server gives one (top-level `title`, else the annotation's).
    let title: String?
    /// Whether `title` came from the annotations (untrusted hints) rather than the definition.
    let titleIsAnnotation: Bool
    let titleReader: DescriptionReader?
    let description: DescriptionReader
    let properties: [SchemaProperty]

    init(_ tool: CatalogTool) {
        name = tool.name
        nameTokens = NameTokenizer.splittingJoinedVerbs(NameTokenizer.tokens(tool.name))
        nameWords = nameTokens.map(\.text)
        compoundTokenIndices = Self.compounds(in: nameWords)
        if let title = tool.title, !title.isEmpty {
            self.title = title
            titleIsAnnotation = false
        } else if let title = tool.annotations.title, !title.isEmpty {
            self.title = title
            titleIsAnnotation = true
        } else {
            title = nil
            titleIsAnnotation = false
        }
        titleReader = title.map(DescriptionReader.init)
        description = DescriptionReader(tool.description)
        properties = Self.describing(InputSchemaReader.properties(of: tool.inputSchema), from: tool.description)
    }

    /// Top-level properties the schema leaves undescribed get what the docstring's `Args:` says.
    private static func describing(_ properties: [SchemaProperty], from description: String) -> [SchemaProperty] {
        guard properties.contains(where: { $0.isTopLevel && $0.description == nil }) else { return properties }
        let documented = DocstringArguments.descriptions(in: description)
        guard !documented.isEmpty else { return properties }
        return properties.map { property in
            guard property.isTopLevel, property.description == nil, let text = documented[property.name] else { return property }
            var described = property
            described.description = text
            return described
        }
    }

    /// The name exactly as written between two tokens (inclusive): `UpdateOne`.
    func nameText(from first: Int, through last: Int) -> String {
        let scalars = name.unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: nameTokens[first].start)
        let end = scalars.index(scalars.startIndex, offsetBy: nameTokens[last].end)
        return String(scalars[start..<end])
    }

    /// Top-level properties that choose an operation, with their enum values.
    var operationSelectors: [SchemaProperty] {
        properties.filter { $0.isTopLevel && !$0.enumValues.isEmpty && Vocabulary.operationSelectors.contains($0.name.lowercased()) }
    }

    private static func compounds(in words: [String]) -> Set<Int> {
        var indices: Set<Int> = []
        for index in words.indices.dropLast() {
            let pair = (words[index], words[index + 1])
            if Vocabulary.nounCompounds.contains(where: { $0 == pair }) {
                indices.insert(index)
                indices.insert(index + 1)
            }
        }
        return indices
    }
}
