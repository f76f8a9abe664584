/// Writes the sentences that say what a tool does to what, and why that merits its rule — each
/// quoting this tool's own evidence, so no two tools' pages read alike unless the tools are alike
/// (docs/classification.md, "Rationale"):
///
/// 0. When the definition addresses the model: that, first, with the quote.
/// 1. What it does, in its own verbs and objects, and what kind of action that is:
///    "UpdateOneConnectedAccount updates one connected account (tool name starts with 'UpdateOne')."
/// 2. MCP's hints, each with its reason.
/// 3. The level and why, with the data it touches and the evidence for that.
/// 4. What the annotations changed, when a hint was overruled or raised the risk; the language,
///    when the description is not in English.
enum RationaleWriter {
    struct Input {
        var name: String
        var facts: ToolFacts
        var findings: ActionFindings
        var assessment: Assessment
        var judged: MCPHints
        var level: RiskLevel
        var levelReason: String
        var sensitivity: [SensitivityFinding]
        var annotationNote: String?
        var poisoning: [PoisoningFinding]
        var language: String?
    }

    static func write(_ input: Input) -> String {
        let name = input.name
        var sentences: [String] = []
        if let first = input.poisoning.first {
            sentences.append("\(name)'s definition speaks to the model rather than about the tool: \(first.location) \(first.kind.saying) '\(first.quote)'.")
        }
        sentences.append(whatItDoes(input))
        sentences.append(hintsSentence(input))
        sentences.append(levelSentence(input))
        if let note = input.annotationNote { sentences.append(note) }
        if let language = input.language, sentences.count < 5 {
            sentences.append("Its description is in \(language), so \(name) was judged from its name, its input and any English in it.")
        }
        return sentences.joined(separator: " ")
    }

    // MARK: 1. What it does

    static func whatItDoes(_ input: Input) -> String {
        let (name, findings, assessment) = (input.name, input.findings, input.assessment)
        if assessment.noSignal {
            if input.language != nil { return "Nothing in \(name)'s name or input, nor any English in its description, says what it does." }
            return "Nothing in \(name)'s name, description or input says what it does."
        }
        if assessment.readByDefault {
            let nouns = ActionFindings.nameNouns(input.facts).joined(separator: " ")
            return "\(name) names \(nouns.isEmpty ? "no action" : "'\(nouns)'") and no action, and nothing in its input carries data to write, so it is taken to look things up."
        }
        let verbs = findings.verbs.filter { assessment.actions.contains($0.meaning.action) }.prefix(3)
        let verbText = EnglishList.of((verbs.isEmpty ? findings.verbs.prefix(3) : verbs).map { Phrasing.thirdPerson($0.word) })
        let object = Phrasing.object(findings, facts: input.facts)
        // With no object named, the input says what it acts on: "search searches whatever its input names".
        let action = object.isEmpty ? "\(name) \(verbText) whatever its input names" : "\(name) \(verbText) \(object)"
        let source = findings.evidence.first.map { " (\($0.text))" } ?? ""
        return "\(action)\(source) — \(kind(assessment))."
    }

    private static func kind(_ assessment: Assessment) -> String {
        switch assessment.category {
        case .read: return "it only reads"
        case .write:
            if assessment.isVague { return "its words do not say what it changes, so it is treated as a write" }
            if assessment.actions.contains(.interact) { return "it operates a user interface as a person would" }
            if assessment.actions.contains(.navigate) { return "it moves to another place rather than changing data" }
            return assessment.reversible ? "a write that can be put back" : "a write that may not be undone"
        case .destructive: return "destructive, because \(assessment.lossBecause ?? "what it removes is gone")"
        case .execute:
            return assessment.runsCallerCode ? "it executes code or commands the caller supplies" : "it starts jobs that run on your systems"
        case .communicate: return "it sends something people will read, which cannot be taken back"
        case .financial: return assessment.movesMoney ? "it moves money" : "it changes what someone is billed"
        case .admin: return "an administrative change to who can do what"
        }
    }

    // MARK: 2. MCP's hints

    static func hintsSentence(_ input: Input) -> String {
        let hints = input.judged
        var clauses: [String] = []
        if hints.readOnly.value {
            clauses.append("read-only")
        } else {
            clauses.append(hints.destructive.value ? "destructive (\(hints.destructive.because))" : "not read-only but not destructive (\(hints.destructive.because))")
            if hints.idempotent.value { clauses.append("idempotent") }
        }
        clauses.append(hints.openWorld.value ? "open-world, since \(hints.openWorld.because)" : "closed-world, since \(hints.openWorld.because)")
        return "In MCP's terms \(input.name) is \(EnglishList.of(clauses))."
    }

    // MARK: 3. Level

    static func levelSentence(_ input: Input) -> String {
        var sentence = "\(input.name) is \(input.level.rawValue) risk: \(input.levelReason)"
        if let first = input.sensitivity.first, let evidence = first.evidence.first {
            let names = input.sensitivity.prefix(2).map { $0.sensitivity.displayName.lowercased() }
            let consequence = input.assessment.readOnly ? "what it returns can leak \(first.sensitivity.dataNoun)" : consequence(first.sensitivity)
            sentence += "; it touches \(EnglishList.of(names)) (\(evidence.text)), so \(consequence)"
        }
        return sentence + "."
    }

    private static func consequence(_ sensitivity: Sensitivity) -> String {
        switch sensitivity {
        case .credentials: return "a bad call can break someone's access or hand it to someone else"
        case .personalData: return "a mistake or a leak involves real people's data"
        case .financial: return "a mistake costs real money"
        case .infrastructure: return "a bad call can take running systems down"
        case .sourceCode: return "it can expose or alter code"
        case .communications: return "it can expose or alter private conversations"
        case .files: return "it can expose or alter files"
        }
    }
}
