import Catalog
import JSON
import Policy
import TestSupport
import Testing

/// Recommended rules come from the documented category × level table and always pass the checker.
@Suite struct RecommenderTests {
    @Test func updateOneConnectedAccountKeepsTheSeedsLimitAndGainsTheCredentialGuard() throws {
        let tool = SharedCatalog.tool("twenty-crm-jdu278", "UpdateOneConnectedAccount")
        let recommendation = Recommender.recommend(for: tool, classification: SharedCatalog.classify("twenty-crm-jdu278", tool.name))
        let seed = try #require(PolicyChecker.check(text: SeedPolicy.pretty).document?.tools.first?.rule)
        #expect(recommendation.rule.limits == seed.limits)
        #expect(recommendation.rule.action == .requireApproval)
        #expect(recommendation.summary.contains("changes credentials"))
        let checked = PolicyChecker.check(text: recommendation.policy.prettyText)
        #expect(checked.problems.isEmpty, "\(checked.problems.map(\.description))")
    }

    @Test(arguments: SharedCatalog.catalog.servers.map(\.id))
    func everyServerPolicyPassesTheChecker(_ id: String) {
        let server = SharedCatalog.server(id)
        let policy = Recommender.serverPolicy(for: server)
        let result = PolicyChecker.check(text: policy.prettyText)
        #expect(result.problems.isEmpty, "\(result.problems.map(\.description))")
        #expect(result.document?.defaultAction == .deny)
        #expect(result.document?.tools.count == server.tools.count)
        if let document = result.document {
            #expect(PolicyChecker.warnings(for: document, availableTools: server.tools.map(\.name)).isEmpty)
        }
    }

    @Test func aClosedWorldReadIsAllowedAndAnOpenWorldReadLimited() {
        let closed = recommendedRule("mcp-git", "git_status")
        #expect(closed.action == .allow || !closed.conditions.isEmpty)
        let time = recommendedRule("mcp-time", "convert_time")
        #expect(time.action == .allow)
        #expect(time.limits.isEmpty)
        let open = recommendedRule("github-mcp-server", "list_issues")
        #expect(open.action == nil)
        #expect(open.limits.map(\.max) == [60])
    }

    @Test func writeIsLimitedPerGrantOnACounterNamedAfterTheTool() {
        let rule = recommendedRule("github-mcp-server", "create_issue")
        #expect(rule.action == nil)
        #expect(rule.limits == [Limit(counter: "create_issue_rate", window: .minute, max: 30, scope: .grant)])
    }

    @Test func destructiveNeedsApproval() {
        #expect(recommendedRule("github-mcp-server", "delete_repository").action == .requireApproval)
    }

    @Test func arbitraryCodeIsDeniedWithAReason() {
        let rule = recommendedRule("supabase-mcp", "execute_sql")
        #expect(rule.action == .deny)
        #expect(rule.reason?.isEmpty == false)
    }

    @Test func financialNeedsApprovalAndCapsTheAmount() {
        let rule = recommendedRule("stripe-mcp", "create_refund")
        #expect(rule.action == .requireApproval)
        #expect(rule.conditions == [Condition(path: ArgumentPath("args.amount")!, op: .lte, value: .int(50_000))])
        #expect(recommendedRule("stripe-mcp", "create_coupon").conditions.map(\.path.description) == ["args.amount_off"])
        #expect(recommendedRule("stripe-mcp", "create_price").conditions.map(\.path.description) == ["args.unit_amount"])
    }

    @Test func anOptionalAmountIsCappedOnlyWhereTheToolMovesMoney() throws {
        let schema = try JSONParser.parse(#"{"type": "object", "properties": {"invoice": {"type": "string"}, "amount": {"type": "integer"}}}"#)
        let invoice = CatalogTool(name: "create_invoice", inputSchema: schema)
        let invoiceRule = Recommender.recommend(for: invoice, classification: Classifier.classify(invoice)).rule
        #expect(invoiceRule.action == .requireApproval)
        #expect(invoiceRule.conditions.isEmpty)
        let payout = CatalogTool(name: "create_payout", inputSchema: schema)
        let payoutRule = Recommender.recommend(for: payout, classification: Classifier.classify(payout)).rule
        #expect(payoutRule.conditions.map(\.path.description) == ["args.amount"])
    }

    @Test(arguments: ToolCategory.allCases)
    func everyCellOfTheTableGivesAValidRule(_ category: ToolCategory) {
        for level in RiskLevel.allCases {
            let kind = RecommendationTable.kind(for: category, level: level)
            if category == .read && level <= .medium { #expect(kind == .allow) }
            if category == .destructive { #expect(kind == .requireApproval) }
        }
    }

    @Test func toolsDifferingOnlyInCaseGetTheirOwnCounters() {
        let server = CatalogServer(id: "x", name: "x", tools: [CatalogTool(name: "create_item"), CatalogTool(name: "Create_Item")])
        let counters = Recommender.serverPolicy(for: server).tools.flatMap { $0.rule.limits.map(\.counter) }
        #expect(counters == ["create_item_rate", "create_item_rate_2"])
        #expect(PolicyChecker.check(text: Recommender.serverPolicy(for: server).prettyText).problems.isEmpty)
    }

    @Test func toolsNamedWithAWildcardAreLeftToTheDefaultDeny() {
        let server = CatalogServer(id: "x", name: "x", tools: [CatalogTool(name: "*", description: "Lists things."), CatalogTool(name: "list_items")])
        let policy = Recommender.serverPolicy(for: server)
        #expect(policy.tools.map(\.key) == ["list_items"])
        #expect(policy.defaultAction == .deny)
    }

    private func recommendedRule(_ server: String, _ tool: String) -> ToolRule {
        Recommender.recommend(for: SharedCatalog.tool(server, tool), classification: SharedCatalog.classify(server, tool)).rule
    }
}
