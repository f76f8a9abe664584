import Catalog
import Testing

/// The quality bar: on ../shared/catalog the classifier, seeing only the definition (no
/// annotations), agrees with the servers' own hints on ≥ 97% of read-only and ≥ 90% of
/// destructive judgements. A quality assertion, not a timing one.
@Suite struct AgreementTests {
    @Test func definitionOnlyAgreementMeetsTheBar() throws {
        let report = AgreementReport(catalog: SharedCatalog.catalog, mode: .definitionOnly)
        let readOnly = try #require(report.readOnly.percent)
        let destructive = try #require(report.destructive.percent)
        #expect(readOnly >= 97, "read-only \(readOnly)%: \(report.disagreements.map { "\($0.server)/\($0.tool)" })")
        #expect(destructive >= 90, "destructive \(destructive)%: \(report.disagreements.map { "\($0.server)/\($0.tool)" })")
    }

    @Test func withHintsAgreementMeetsTheBarToo() throws {
        let report = AgreementReport(catalog: SharedCatalog.catalog, mode: .withHints)
        #expect(try #require(report.readOnly.percent) >= 97)
        #expect(try #require(report.destructive.percent) >= 90)
    }

    @Test func comparesEveryAnnotatedToolAndSkipsDefaultDestructiveHints() {
        let report = AgreementReport(catalog: SharedCatalog.catalog)
        #expect(report.readOnly.total == 291)
        #expect(report.destructive.total == 99)
        let slack = report.rows.first { $0.server == "slack-mcp-server-korotovsky" }
        #expect(slack?.destructive.total == 0)
        #expect(slack?.destructiveHintsIgnored != nil)
    }
}
