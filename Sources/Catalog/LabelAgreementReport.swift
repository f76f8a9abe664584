import Policy

/// How often the classifier and the recommender agree with a person's labels (``ToolLabel``) —
/// the five figures behind `gatehouse catalog agreement --labels FILE` (docs/classification.md):
///
/// - read-only: every labelled tool — does the classifier call it read-only?
/// - destructive: every tool labelled not read-only — does it call it destructive?
/// - open world: every labelled tool — does it call it open world?
/// - approval recall: of the tools a person should approve, how many does the recommendation gate
///   (require approval, or deny)?
/// - approval precision: of the tools the recommendation gates, how many should be approved?
///
/// The classifier sees every definition **without** its annotations, as it must for most servers
/// in the world. Labelled servers are split into two halves by a hash of their id (``half(of:)``),
/// so a rule tuned on one half can be checked on the other.
public struct LabelAgreementReport: Sendable {
    public typealias Tally = AgreementReport.Tally

    public enum Figure: String, Sendable, CaseIterable {
        case readOnly = "read-only"
        case destructive
        case openWorld = "open-world"
        case approvalRecall = "approval recall"
        case approvalPrecision = "approval precision"

        /// The bar each figure must reach, in percent (issue 13).
        public var target: Double {
            switch self {
            case .readOnly: return 95
            case .destructive, .openWorld, .approvalRecall: return 90
            case .approvalPrecision: return 75
            }
        }
    }

    /// One labelled tool with what the classifier and recommender made of it.
    public struct Row: Sendable {
        public var label: ToolLabel
        public var classification: ToolClassification
        /// Nil when a policy cannot name the tool (``Recommender/canBeNamedInPolicy(_:)``).
        public var recommendation: Recommendation?
        /// 1 or 2: ``LabelAgreementReport/half(of:)`` of its server.
        public var half: Int

        /// The recommendation holds every call for a person or refuses it.
        public var isGated: Bool {
            guard let rule = recommendation?.rule else { return false }
            return rule.effectiveAction == .requireApproval || rule.effectiveAction == .deny
        }

        /// Whether the row counts for `figure`, and whether it agrees there.
        public func judged(_ figure: Figure) -> (counts: Bool, agrees: Bool) {
            let c = classification
            switch figure {
            case .readOnly: return (true, c.readOnly == label.readOnly)
            case .destructive:
                guard let destructive = label.destructive, !label.readOnly else { return (false, false) }
                return (true, c.destructive == destructive)
            case .openWorld: return (true, c.openWorld == label.openWorld)
            case .approvalRecall: return (label.approval, isGated)
            case .approvalPrecision: return (isGated, label.approval)
            }
        }

        /// Read-only, destructive (where it applies) and open world all agree: what "right"
        /// means for the confidence calibration.
        public var flagsAgree: Bool {
            [Figure.readOnly, .destructive, .openWorld].allSatisfy { figure in
                let judged = judged(figure)
                return !judged.counts || judged.agrees
            }
        }
    }

    public var rows: [Row]
    /// Labels naming a server or tool the catalog does not have.
    public var missing: [ToolLabel]

    public init(catalog: Catalog, labels: [ToolLabel]) {
        var rows: [Row] = []
        var missing: [ToolLabel] = []
        var judged: [String: (server: CatalogServer, classifications: [ToolClassification], recommendations: [String: Recommendation])] = [:]
        for label in labels {
            if judged[label.server] == nil, let server = catalog.server(id: label.server) {
                let bare = Self.withoutAnnotations(server)
                let classifications = Classifier.classifyAll(bare)
                let recommendations = Recommender.serverRecommendations(for: bare, classifications: classifications)
                judged[label.server] = (bare, classifications, Dictionary(recommendations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }))
            }
            guard let entry = judged[label.server], let index = entry.server.tools.firstIndex(where: { $0.name == label.tool }) else {
                missing.append(label)
                continue
            }
            rows.append(Row(
                label: label, classification: entry.classifications[index], recommendation: entry.recommendations[label.tool],
                half: Self.half(of: label.server)))
        }
        self.rows = rows
        self.missing = missing
    }

    /// The figure over the rows of `half` (1 or 2), or all rows.
    public func tally(_ figure: Figure, half: Int? = nil) -> Tally {
        var tally = Tally()
        for row in rows where half == nil || row.half == half {
            let judged = row.judged(figure)
            if judged.counts { tally.count(judged.agrees) }
        }
        return tally
    }

    /// The rows that count for `figure` and disagree, in label order.
    public func disagreements(_ figure: Figure, half: Int? = nil) -> [Row] {
        rows.filter { row in
            let judged = row.judged(figure)
            return (half == nil || row.half == half) && judged.counts && !judged.agrees
        }
    }

    /// For each confidence level, how many rows have it and how many of those are right
    /// (``Row/flagsAgree``).
    public func calibration(half: Int? = nil) -> [(confidence: Confidence, tally: Tally)] {
        Confidence.allCases.map { level in
            var tally = Tally()
            for row in rows where row.classification.confidence == level && (half == nil || row.half == half) {
                tally.count(row.flagsAgree)
            }
            return (level, tally)
        }
    }

    /// 1 or 2, from the parity of the FNV-1a hash of the server id: a split that never changes
    /// when labels are added, and keeps a server's tools together.
    public static func half(of server: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in server.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash % 2 == 0 ? 1 : 2
    }

    /// The server as it would be without any annotations.
    static func withoutAnnotations(_ server: CatalogServer) -> CatalogServer {
        var bare = server
        for index in bare.tools.indices { bare.tools[index].annotations = ToolAnnotations() }
        return bare
    }
}
