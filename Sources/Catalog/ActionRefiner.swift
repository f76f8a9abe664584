/// Refines the actions the verbs give with what the rest of the definition says
/// (docs/classification.md, "Reading the definition"):
///
/// - code the caller writes makes a tool run code, whatever its verb ("query" with a `sql` input);
/// - a vague verb with a stated purpose takes the purpose ("Run the NetScan plugin to show…");
/// - a read that also saves a file is not read-only ("Downloads … to `output_path`");
/// - going to a URL is navigation, and selecting on a page is operating it;
/// - a name with no verb, whose input carries nothing to write, reads ("tickets-list").
enum ActionRefiner {
    struct Refined {
        var actions: Set<Action>
        var code: CodeInput?
        var readByDefault = false
        var evidence: [Evidence] = []
    }

    static func refine(_ facts: ToolFacts, _ findings: ActionFindings, server: ServerContext) -> Refined {
        var actions = Set(findings.actions)
        let code = CodeInput.find(facts, findings, server: server)
        var refined = Refined(actions: actions, code: code)
        let allWeak = findings.verbs.allSatisfy(\.meaning.isWeak)

        if code != nil, !actions.contains(.execute) {
            let promisesReadOnly = facts.description.firstSentence(containing: Vocabulary.readOnlyPhrases) != nil
            if actions.isEmpty || !actions.isDisjoint(with: [.change, .unspecified]) || (allWeak && !promisesReadOnly) {
                actions = actions.subtracting([.read, .unspecified]).union([.execute])
            }
        }
        if allWeak, !actions.isEmpty, actions.isSubset(of: [.execute, .change, .transition]), code == nil,
           let purpose = readingPurpose(facts) {
            actions = [.read]
            refined.evidence.append(Evidence(.description, "description says '\(Quote.short(purpose.text))'"))
        }
        if actions == [.transition], findings.verbs.contains(where: { $0.word == "resolve" }),
           !Set(findings.objectWords).isDisjoint(with: ["id", "ids", "identifier", "name", "names", "address", "url", "path", "host", "dns", "alias"]) {
            actions = [.read]  // resolving a name to an id looks it up
        }
        if actions.contains(.read), actions.isSubset(of: [.read]), let saving = savesSomething(facts, findings) {
            actions.insert(.create)
            refined.evidence.append(saving)
        }
        if !actions.isEmpty, findings.verbs.allSatisfy({ Vocabulary.preparingVerbs.contains($0.word) }),
           let head = findings.headNoun, Vocabulary.preparedObjects.contains(head) {
            actions = [.read]  // building a transaction to sign sends nothing
        }
        if !actions.isEmpty, !actions.contains(.read) || actions.count > 1, let signer = signersPublicKey(facts) {
            actions = [.read]  // it builds what the key's owner signs: nothing is sent from here
            refined.evidence.append(Evidence(.inputSchema, "input property '\(signer.name)' is \(Quote.short(signer.description ?? "a public key"))"))
        }
        if actions.contains(.execute), code == nil, !Set(findings.objectWords).isDisjoint(with: Vocabulary.sessionObjects) {
            actions = actions.subtracting([.execute]).union([.create])  // starting a game or a session runs nothing of yours
        }
        if isArithmetic(facts, findings) {
            actions = [.read]  // "add" two numbers computes
        }
        if actions.contains(.create), actions.isSubset(of: [.create]), let head = findings.headNoun, Vocabulary.renderedObjects.contains(head),
           savesSomething(facts, findings) == nil {
            actions = [.read]  // a plot or a chart made and returned
        }
        let describedAdditive = facts.description.leadingVerbs()?.verbs.contains { $0.meaning.action == .create && !$0.meaning.isWeak } ?? false
        if actions.contains(.change), findings.verbs.contains(where: { $0.word == "write" }),
           describedAdditive || !Set(findings.objectWords).isDisjoint(with: Vocabulary.appendedObjects) || writesRecords(facts) {
            actions.remove(.change)
            actions.insert(.create)  // writing data points, logs, events appends them
        }
        if actions.contains(.read), let url = urlProperty(facts), findings.verbs.contains(where: { ["browse", "open"].contains($0.word) }) {
            actions.remove(.read)
            actions.insert(.navigate)
            refined.evidence.append(Evidence(.inputSchema, "input property '\(url.name)'"))
        }
        if !actions.isDisjoint(with: [.read, .navigate]), findings.verbs.contains(where: { ["select", "switch", "focus"].contains($0.word) }),
           !Set(findings.objectWords + facts.nameWords).isDisjoint(with: ["tab", "tabs", "window", "windows", "frame"]) {
            actions = actions.subtracting([.read]).union([.navigate])  // selecting a tab goes to it
        } else if actions.contains(.read), findings.verbs.contains(where: { ["select", "check"].contains($0.word) }), speaksOfPage(facts) {
            actions.remove(.read)
            actions.insert(.interact)
        }
        if actions.isEmpty, let connection = facts.properties.first(where: { $0.isTopLevel && ["connection", "dsn", "connection_string", "connectionstring"].contains($0.name.lowercased()) }) {
            actions = [.connect]
            refined.evidence.append(Evidence(.inputSchema, "input property '\(connection.name)'"))
        }
        if actions.isEmpty, let agent = facts.nameWords.first(where: Vocabulary.readingAgentNouns.contains) {
            actions = [.read]
            refined.evidence.append(Evidence(.name, "tool name contains '\(agent)'"))
        }
        if actions.isEmpty, !carriesContent(facts) {
            actions = [.read]
            refined.readByDefault = true
        }
        refined.actions = actions
        return refined
    }

    /// "… to show network connections", "… to analyze problems": a read the first sentence names
    /// as its purpose.
    private static func readingPurpose(_ facts: ToolFacts) -> Sentence? {
        for sentence in facts.description.sentences.prefix(2) {
            let words = sentence.plainWords
            for index in words.indices.dropLast() where words[index] == "to" {
                if let verb = Vocabulary.verb(words[index + 1]), verb.action == .read, !verb.isWeak { return sentence }
            }
        }
        return nil
    }

    /// A destination input (`output_path`, `download_path`, `save_dir`) or a description that says
    /// the result is saved ("saves results to a CSV file").
    private static func savesSomething(_ facts: ToolFacts, _ findings: ActionFindings) -> Evidence? {
        let destinations: Set<String> = ["output", "destination", "dest", "save", "download", "target", "out", "export"]
        let places: Set<String> = ["path", "dir", "directory", "file", "folder", "filename", "filepath", "location", "desktop", "csv"]
        let savingSwitches: Set<String> = ["save", "store", "write", "export", "persist", "download"]
        if let property = facts.properties.first(where: { property in
            let words = Set(property.words)
            return property.isTopLevel && words.count >= 2 && !words.isDisjoint(with: destinations) && !words.isDisjoint(with: places)
        }) {
            return Evidence(.inputSchema, "input property '\(property.name)'")
        }
        if let property = facts.properties.first(where: { $0.isTopLevel && $0.isBoolean && savingSwitches.contains($0.words.first ?? "") }) {
            return Evidence(.inputSchema, "input property '\(property.name)'")
        }
        // Downloading saves a file, unless the description says what comes back.
        if findings.ownVerbs.contains(where: { $0.word == "download" }), !facts.description.words.contains(where: { ["return", "returns", "returned"].contains($0) }) {
            return findings.evidence.first ?? Evidence(.name, "tool name contains 'download'")
        }
        if let phrase = facts.description.firstSentence(containing: Vocabulary.savingPhrases) {
            return Evidence(.description, "description says '\(Quote.short(phrase.sentence.text))'")
        }
        return nil
    }

    /// A public key "for signing" and no secret to sign with (a private key, a mnemonic, a
    /// keypair): the tool hands back an unsigned transaction for that key's owner to sign.
    private static func signersPublicKey(_ facts: ToolFacts) -> SchemaProperty? {
        let secrets: Set<String> = ["private", "secret", "mnemonic", "seed", "keypair", "signature", "signed", "passphrase", "password"]
        guard !facts.properties.contains(where: { !Set($0.words).isDisjoint(with: secrets) }) else { return nil }
        return facts.properties.first { property in
            guard property.isTopLevel, property.words.contains("public") || property.words.contains("pubkey"),
                  let description = property.description else { return false }
            return WordSearch.contains(word: "signing", in: description) || WordSearch.contains(word: "sign", in: description)
        }
    }

    /// What it writes is described as records that pile up — "Metrics data in Prometheus format",
    /// "the log lines" — and it names no file or key to write over.
    private static func writesRecords(_ facts: ToolFacts) -> Bool {
        let records = Vocabulary.appendedObjects.subtracting(["data", "row", "rows"])
        let top = facts.properties.filter(\.isTopLevel)
        guard !top.contains(where: { !Set($0.words).isDisjoint(with: Vocabulary.pathWords.union(["key", "id"])) }) else { return false }
        return top.contains { property in
            property.isRequired && !Set(property.words).isDisjoint(with: Vocabulary.contentProperties)
                && (property.description.map { description in records.contains { WordSearch.contains(word: $0, in: description) } } ?? false)
        }
    }

    /// `add(a, b)`: an arithmetic verb whose inputs are all numbers.
    static func isArithmetic(_ facts: ToolFacts, _ findings: ActionFindings) -> Bool {
        guard findings.verbs.contains(where: { ["add", "subtract", "multiply", "divide", "sum"].contains($0.word) }) else { return false }
        let top = facts.properties.filter(\.isTopLevel)
        return top.count >= 2 && top.allSatisfy(\.isNumeric)
    }

    static func urlProperty(_ facts: ToolFacts) -> SchemaProperty? {
        facts.properties.first { $0.isTopLevel && (Vocabulary.urlProperties.contains($0.words.last ?? "") || $0.format == "uri") }
    }

    private static func speaksOfPage(_ facts: ToolFacts) -> Bool {
        let pageWords: Set<String> = ["page", "element", "option", "dropdown", "checkbox", "selector", "browser", "tab"]
        return !facts.description.words.isDisjoint(with: pageWords) || !Set(facts.nameWords).isDisjoint(with: ["browser", "page", "puppeteer", "playwright"])
            || facts.properties.contains { $0.isTopLevel && ["selector", "element", "ref"].contains($0.name.lowercased()) }
    }

    /// Inputs that hold something to write: a body, content, text, data, a value, a file.
    private static func carriesContent(_ facts: ToolFacts) -> Bool {
        facts.properties.contains { property in
            property.isTopLevel && !property.isReference && !Set(property.words).isDisjoint(with: Vocabulary.contentProperties)
        }
    }
}
