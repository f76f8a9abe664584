import Catalog
import Foundation
import JSON
import Policy

/// How `gatehouse catalog agreement --labels FILE` prints a ``LabelAgreementReport``: the five
/// figures on the whole label set and on each half, the confidence calibration, then every
/// disagreement with the label's note, so each can be read.
enum LabelAgreementOutput {
    static func text(_ report: LabelAgreementReport, labelsFile: String, half: Int?) -> String {
        var lines = ["Agreement with \(labelsFile) (\(report.rows.count) labelled tools; definitions only, annotations hidden)", ""]
        var table = TextTable(header: ["FIGURE", "ALL", "", "HALF 1", "", "HALF 2", "", "TARGET"], rightAligned: [1, 2, 3, 4, 5, 6, 7])
        for figure in LabelAgreementReport.Figure.allCases {
            var row = [figure.rawValue]
            for part in [nil, 1, 2] as [Int?] {
                let tally = report.tally(figure, half: part)
                row += [CatalogAgreementCommand.percent(tally), CatalogAgreementCommand.fraction(tally)]
            }
            row.append(String(format: "≥ %.0f%%", figure.target))
            table.add(row)
        }
        lines.append(table.text)
        lines.append("")
        lines.append("Confidence calibration (right = read-only, destructive and open world all agree\(half.map { "; half \($0)" } ?? "")):")
        var calibration = TextTable(header: ["CONFIDENCE", "TOOLS", "RIGHT", ""], rightAligned: [1, 2, 3])
        for (level, tally) in report.calibration(half: half) {
            calibration.add([level.rawValue, "\(tally.total)", "\(tally.agreed)", CatalogAgreementCommand.percent(tally)])
        }
        lines.append(calibration.text)
        for label in report.missing {
            lines.append("not in the catalog: \(label.server) \(label.tool)")
        }
        for figure in LabelAgreementReport.Figure.allCases {
            let rows = report.disagreements(figure, half: half)
            lines.append("")
            lines.append("Disagreements on \(figure.rawValue)\(half.map { " (half \($0))" } ?? "") (\(rows.count)):")
            lines += rows.map { "  " + describe($0, figure: figure) }
        }
        return lines.joined(separator: "\n")
    }

    /// `server tool: label true, classifier false (write, medium; rule: limit 30/minute) — note`.
    static func describe(_ row: LabelAgreementReport.Row, figure: LabelAgreementReport.Figure) -> String {
        let c = row.classification
        let (label, ours): (Bool, Bool)
        switch figure {
        case .readOnly: (label, ours) = (row.label.readOnly, c.readOnly)
        case .destructive: (label, ours) = (row.label.destructive ?? false, c.destructive)
        case .openWorld: (label, ours) = (row.label.openWorld, c.openWorld)
        case .approvalRecall, .approvalPrecision: (label, ours) = (row.label.approval, row.isGated)
        }
        let rule = row.recommendation.map { JSONWriter().string($0.rule.json) } ?? "none"
        return "\(row.label.server) \(row.label.tool): label \(label), ours \(ours) (\(c.category.rawValue), \(c.level.rawValue), \(c.confidence.rawValue); \(rule)) — \(row.label.note)"
    }

    static func json(_ report: LabelAgreementReport, half: Int?) -> JSONValue {
        var figures = JSONObject()
        for figure in LabelAgreementReport.Figure.allCases {
            figures[figure.rawValue] = [
                "all": CatalogAgreementCommand.tallyJSON(report.tally(figure)),
                "half1": CatalogAgreementCommand.tallyJSON(report.tally(figure, half: 1)),
                "half2": CatalogAgreementCommand.tallyJSON(report.tally(figure, half: 2)),
                "target": .double(figure.target),
                "disagreements": .array(report.disagreements(figure, half: half).map { row in
                    ["server": .string(row.label.server), "tool": .string(row.label.tool), "note": .string(row.label.note)]
                }),
            ]
        }
        var calibration = JSONObject()
        for (level, tally) in report.calibration(half: half) { calibration[level.rawValue] = CatalogAgreementCommand.tallyJSON(tally) }
        return [
            "labelled": .int(Int64(report.rows.count)), "figures": .object(figures), "calibration": .object(calibration),
            "missing": .array(report.missing.map { ["server": .string($0.server), "tool": .string($0.tool)] }),
        ]
    }
}
