import Catalog
import Testing

/// The quality bar of issue 13, measured against a person's labels on 435 wild tools with the
/// annotations hidden (`gatehouse catalog agreement --labels`). A quality assertion, not a timing one.
@Suite struct LabelAgreementTests {
    static let report = LabelAgreementReport(catalog: WildCatalog.catalog, labels: WildCatalog.labels)

    @Test(arguments: LabelAgreementReport.Figure.allCases)
    func eachFigureMeetsItsTargetOnTheWholeDevSet(_ figure: LabelAgreementReport.Figure) throws {
        let tally = Self.report.tally(figure)
        let percent = try #require(tally.percent)
        #expect(percent >= figure.target, "\(figure.rawValue) \(tally.agreed)/\(tally.total): \(Self.report.disagreements(figure).map { "\($0.label.server)/\($0.label.tool)" })")
    }

    @Test func everyLabelledToolIsInTheCatalog() {
        #expect(Self.report.missing.isEmpty)
        #expect(Self.report.rows.count == 435)
    }

    @Test func highConfidenceIsRightAtLeastNineteenTimesInTwenty() throws {
        let high = try #require(Self.report.calibration().first { $0.confidence == .high }?.tally)
        #expect(try #require(high.percent) >= 95, "\(high.agreed)/\(high.total)")
        let levels = Self.report.calibration().compactMap(\.tally.percent)
        #expect(levels == levels.sorted(by: >), "high should be right more often than medium, medium more than low: \(levels)")
    }

    @Test func theHalvesSplitServersDeterministicallyAndKeepEachServerWhole() {
        #expect(LabelAgreementReport.half(of: "celalkhalilov-radio-browser-mcp-radio-browser") == LabelAgreementReport.half(of: "celalkhalilov-radio-browser-mcp-radio-browser"))
        var halves: [String: Set<Int>] = [:]
        for row in Self.report.rows { halves[row.label.server, default: []].insert(row.half) }
        #expect(halves.values.allSatisfy { $0.count == 1 })
        let first = Self.report.rows.filter { $0.half == 1 }.count
        #expect(first > 100 && first < 335, "the halves should be of a similar size, not \(first) and \(435 - first)")
    }

    @Test func aBrokenLabelLineIsReportedWithItsLine() {
        do {
            _ = try ToolLabel.read(jsonLines: #"{"server": "s", "tool": "t", "readOnly": true, "destructive": null, "openWorld": false, "approval": false}"# + "\n{\"server\": 1}\n", file: "dev.jsonl")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.description) == ["dev.jsonl:2: /server: 'server' must be a string"])
        }
    }
}
