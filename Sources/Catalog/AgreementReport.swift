/// How often the classifier agrees with the tools' own annotations — the quality measure behind
/// `gatehouse catalog agreement`, runnable on any catalog.
///
/// - read-only: every tool whose `readOnlyHint` is set — does the classifier call it read-only?
/// - destructive: every tool not marked read-only whose `destructiveHint` is set, on servers whose
///   destructive hints are not evidently defaults (``AnnotationTrust``) — does it call it destructive?
/// - idempotent (tools not marked read-only) and open world: the same, for `idempotentHint` and
///   `openWorldHint` (counted, not listed as disagreements).
///
/// By default the classifier sees the definition without annotations (``Mode/definitionOnly``):
/// that measures what it gets right from words alone, which is all it has for the many servers
/// that set no hints. ``Mode/withHints`` measures the classification the catalog actually shows.
public struct AgreementReport: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case definitionOnly = "definition-only"
        case withHints = "with-hints"
    }

    public enum Field: String, Sendable {
        case readOnly
        case destructive
        case idempotent
        case openWorld
    }

    /// `agreed` of `total` compared tools.
    public struct Tally: Sendable, Equatable {
        public var agreed = 0
        public var total = 0

        /// Percent agreement; nil when nothing was compared.
        public var percent: Double? { total == 0 ? nil : Double(agreed) * 100 / Double(total) }

        mutating func count(_ agrees: Bool) {
            total += 1
            if agrees { agreed += 1 }
        }

        static func + (lhs: Tally, rhs: Tally) -> Tally {
            Tally(agreed: lhs.agreed + rhs.agreed, total: lhs.total + rhs.total)
        }
    }

    public struct ServerRow: Sendable {
        public var server: String
        public var tools: Int
        public var readOnly: Tally
        public var destructive: Tally
        /// Every tool not marked read-only whose `idempotentHint` is set.
        public var idempotent = Tally()
        /// Every tool whose `openWorldHint` is set.
        public var openWorld = Tally()
        /// Why this server's destructive hints were not compared, if they were not.
        public var destructiveHintsIgnored: String?
    }

    public struct Disagreement: Sendable {
        public var server: String
        public var tool: String
        public var field: Field
        /// What the annotation says.
        public var annotation: Bool
        /// What the classifier says.
        public var classifier: Bool
        public var classification: ToolClassification
    }

    public var mode: Mode
    public var rows: [ServerRow]
    public var disagreements: [Disagreement]

    public var readOnly: Tally { rows.map(\.readOnly).reduce(Tally(), +) }
    public var destructive: Tally { rows.map(\.destructive).reduce(Tally(), +) }
    public var idempotent: Tally { rows.map(\.idempotent).reduce(Tally(), +) }
    public var openWorld: Tally { rows.map(\.openWorld).reduce(Tally(), +) }

    public init(catalog: Catalog, mode: Mode = .definitionOnly) {
        self.mode = mode
        var rows: [ServerRow] = []
        var disagreements: [Disagreement] = []
        for server in catalog.servers {
            let context = ServerContext.of(LabelAgreementReport.withoutAnnotations(server))
            let trust = AnnotationTrust.of(server)
            var row = ServerRow(server: server.id, tools: server.tools.count, readOnly: Tally(), destructive: Tally())
            if case .readOnlyHintOnly(let reason) = trust { row.destructiveHintsIgnored = reason }
            for tool in server.tools {
                let hints = tool.annotations
                guard hints.readOnlyHint != nil || hints.destructiveHint != nil || hints.idempotentHint != nil || hints.openWorldHint != nil else { continue }
                var withHints = context
                withHints.trust = trust
                let classification = mode == .definitionOnly
                    ? Classifier.classifyDefinitionOnly(tool, in: context) : Classifier.classify(tool, in: withHints)
                if let hint = hints.readOnlyHint {
                    row.readOnly.count(hint == classification.readOnly)
                    if hint != classification.readOnly {
                        disagreements.append(Disagreement(
                            server: server.id, tool: tool.name, field: .readOnly, annotation: hint,
                            classifier: classification.readOnly, classification: classification))
                    }
                }
                if let hint = hints.destructiveHint, hints.readOnlyHint != true, trust.trustsDestructiveHint {
                    row.destructive.count(hint == classification.destructive)
                    if hint != classification.destructive {
                        disagreements.append(Disagreement(
                            server: server.id, tool: tool.name, field: .destructive, annotation: hint,
                            classifier: classification.destructive, classification: classification))
                    }
                }
                if let hint = hints.idempotentHint, hints.readOnlyHint != true {
                    row.idempotent.count(hint == classification.idempotent)
                }
                if let hint = hints.openWorldHint {
                    row.openWorld.count(hint == classification.openWorld)
                }
            }
            rows.append(row)
        }
        self.rows = rows
        self.disagreements = disagreements
    }
}
