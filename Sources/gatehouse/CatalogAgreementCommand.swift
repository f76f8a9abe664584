import ArgumentParser
import Catalog
import Foundation
import JSON

/// `gatehouse catalog agreement`: how often the classifier agrees with the tools' own annotations.
struct CatalogAgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Compare the classifier with the tools' own annotations, per server and overall.",
        discussion: """
            Read-only: every tool whose readOnlyHint is set — does the classifier call it read-only? \
            Destructive: every tool not marked read-only whose destructiveHint is set — does the \
            classifier call it destructive? A server that marks some tool both read-only and \
            destructive has library-default destructive hints; only its readOnlyHint is compared.

            By default the classifier is shown each definition WITHOUT its annotations, so the numbers \
            measure what it gets right from words alone (what it has for servers that set no hints). \
            --with-hints measures the classification the catalog shows, hints included.

            Prints a table per server, the overall agreement, and every disagreement. Exit status is 0 \
            unless --min-readonly or --min-destructive (percent) is given and not met: then 1.

            With --labels FILE (JSON Lines: server, tool, readOnly, destructive, openWorld, approval, \
            note), it measures against a person's labels instead: read-only, destructive (on tools \
            labelled not read-only), open world, and whether the recommended rule gates (requires \
            approval or denies) exactly the tools a person should approve — recall and precision — on \
            all labelled tools and on each half of the servers (split by a hash of the id, so rules \
            tuned on one half can be checked on the other), then how often each confidence level is \
            right, then every disagreement with the label's note. --half 1|2 lists only that half's \
            disagreements.

            Examples:
              gatehouse catalog agreement --catalog ../shared/catalog
              gatehouse catalog agreement --catalog ../shared/catalog --min-readonly 97 --min-destructive 90
              gatehouse catalog agreement --catalog ../shared/catalog --with-hints --json
              gatehouse catalog agreement --catalog ../shared/wild-catalog --labels ../shared/wild-catalog/labels/dev.jsonl
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Flag(help: "Classify with the annotations (as the catalog does) instead of the definition alone.")
    var withHints = false

    @Option(help: ArgumentHelp("Exit 1 when read-only agreement is below this percent.", valueName: "percent"))
    var minReadonly: Double?

    @Option(help: ArgumentHelp("Exit 1 when destructive agreement is below this percent.", valueName: "percent"))
    var minDestructive: Double?

    @Option(help: ArgumentHelp("Measure against a person's labels (JSON Lines) instead of the annotations.", valueName: "file"))
    var labels: String?

    @Option(help: ArgumentHelp("With --labels: list the disagreements of this half of the servers only (1 or 2).", valueName: "n"))
    var half: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let half, ![1, 2].contains(half) { throw ValidationError("--half must be 1 or 2") }
        if half != nil, labels == nil { throw ValidationError("--half needs --labels") }
        for (name, value) in [("--min-readonly", minReadonly), ("--min-destructive", minDestructive)] {
            if let value, !(0...100).contains(value) { throw ValidationError("\(name) must be a percent between 0 and 100") }
        }
    }

    func run() async throws {
        let loaded = try catalog.loadCatalog()
        if let labels {
            let report = LabelAgreementReport(catalog: loaded, labels: try Self.readLabels(labels))
            if output.json {
                Console.json(LabelAgreementOutput.json(report, half: half))
            } else {
                Console.out(LabelAgreementOutput.text(report, labelsFile: labels, half: half))
            }
            return
        }
        let report = AgreementReport(catalog: loaded, mode: withHints ? .withHints : .definitionOnly)
        let other = AgreementReport(catalog: loaded, mode: withHints ? .definitionOnly : .withHints)
        if output.json {
            Console.json(Self.json(report, other: other))
        } else {
            Console.out(Self.text(report, other: other))
        }
        var failures: [String] = []
        if let minReadonly, (report.readOnly.percent ?? 100) < minReadonly {
            failures.append("read-only agreement \(Self.percent(report.readOnly)) is below \(minReadonly)%")
        }
        if let minDestructive, (report.destructive.percent ?? 100) < minDestructive {
            failures.append("destructive agreement \(Self.percent(report.destructive)) is below \(minDestructive)%")
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
    }

    static func readLabels(_ file: String) throws -> [ToolLabel] {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read the label file \(file)") }
        do {
            return try ToolLabel.read(jsonLines: String(decoding: data, as: UTF8.self), file: file)
        } catch {
            for problem in error.problems { Console.error(problem.description) }
            throw CommandFailure("the label file has \(error.problems.count) problem(s)")
        }
    }

    // MARK: Text

    static func text(_ report: AgreementReport, other: AgreementReport) -> String {
        let seen = report.mode == .definitionOnly ? "the definition only, annotations hidden" : "the definition and its annotations"
        var lines = ["Agreement of the classifier (shown \(seen)) with the tools' own annotations", ""]
        var table = TextTable(header: ["SERVER", "TOOLS", "READ-ONLY", "", "DESTRUCTIVE", ""], rightAligned: [1, 2, 3, 4, 5])
        for row in report.rows {
            let destructive = row.destructiveHintsIgnored == nil ? fraction(row.destructive) : "(defaults)"
            table.add([row.server, "\(row.tools)", fraction(row.readOnly), percent(row.readOnly), destructive,
                       row.destructiveHintsIgnored == nil ? percent(row.destructive) : "-"])
        }
        let tools = report.rows.reduce(0) { $0 + $1.tools }
        table.add(["overall", "\(tools)", fraction(report.readOnly), percent(report.readOnly), fraction(report.destructive), percent(report.destructive)])
        lines.append(table.text)
        lines.append("")
        lines.append("read-only agreement:   \(percent(report.readOnly)) (\(fraction(report.readOnly)))")
        lines.append("destructive agreement: \(percent(report.destructive)) (\(fraction(report.destructive)))")
        lines.append("idempotent agreement:  \(percent(report.idempotent)) (\(fraction(report.idempotent)))")
        lines.append("open-world agreement:  \(percent(report.openWorld)) (\(fraction(report.openWorld)))")
        lines.append("\(other.mode == .withHints ? "with hints" : "definition only"): read-only \(percent(other.readOnly)), destructive \(percent(other.destructive))")
        for row in report.rows {
            if let reason = row.destructiveHintsIgnored { lines.append("\(row.server): destructive hints not compared: \(reason)") }
        }
        lines.append("")
        lines.append("Disagreements (\(report.disagreements.count)):")
        for item in report.disagreements {
            let c = item.classification
            let field = item.field.rawValue
            let why = c.evidence.first.map { "; \($0.text)" } ?? ""
            lines.append("  \(item.server) \(item.tool): \(field): annotation \(item.annotation), classifier \(item.classifier) (\(c.category.rawValue), \(c.level.rawValue)\(why))")
        }
        return lines.joined(separator: "\n")
    }

    static func fraction(_ tally: AgreementReport.Tally) -> String {
        tally.total == 0 ? "-" : "\(tally.agreed)/\(tally.total)"
    }

    static func percent(_ tally: AgreementReport.Tally) -> String {
        guard let value = tally.percent else { return "-" }
        return String(format: "%.1f%%", value)
    }

    // MARK: JSON

    static func json(_ report: AgreementReport, other: AgreementReport) -> JSONValue {
        var members = JSONObject()
        members["mode"] = .string(report.mode.rawValue)
        members["servers"] = .array(report.rows.map { row in
            [
                "server": .string(row.server), "tools": .int(Int64(row.tools)),
                "readOnly": tallyJSON(row.readOnly), "destructive": tallyJSON(row.destructive),
                "destructiveHintsIgnored": row.destructiveHintsIgnored.map(JSONValue.string) ?? .null,
            ]
        })
        members["overall"] = [
            "readOnly": tallyJSON(report.readOnly), "destructive": tallyJSON(report.destructive),
            "idempotent": tallyJSON(report.idempotent), "openWorld": tallyJSON(report.openWorld),
        ]
        members[other.mode == .withHints ? "withHints" : "definitionOnly"] =
            ["readOnly": tallyJSON(other.readOnly), "destructive": tallyJSON(other.destructive)]
        members["disagreements"] = .array(report.disagreements.map { item in
            [
                "server": .string(item.server), "tool": .string(item.tool), "field": .string(item.field.rawValue),
                "annotation": .bool(item.annotation), "classifier": .bool(item.classifier),
                "category": .string(item.classification.category.rawValue),
                "level": .string(item.classification.level.rawValue),
                "evidence": .array(item.classification.evidence.map { .string($0.text) }),
            ]
        })
        return .object(members)
    }

    static func tallyJSON(_ tally: AgreementReport.Tally) -> JSONValue {
        ["agreed": .int(Int64(tally.agreed)), "total": .int(Int64(tally.total)), "percent": tally.percent.map(JSONValue.double) ?? .null]
    }
}
