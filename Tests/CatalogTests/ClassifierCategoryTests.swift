import Catalog
import Testing

/// Real tools from ../shared/catalog, by name, with the category and level they must get.
@Suite struct ClassifierCategoryTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var server: String
        var tool: String
        var category: ToolCategory
        var level: RiskLevel
        var testDescription: String { "\(server)/\(tool) → \(category.rawValue), \(level.rawValue)" }
    }

    static let cases: [Case] = [
        // read
        Case(server: "github-mcp-server", tool: "list_issues", category: .read, level: .medium),
        Case(server: "mcp-filesystem", tool: "read_text_file", category: .read, level: .medium),
        Case(server: "kubernetes-mcp-server", tool: "pods_list", category: .read, level: .medium),
        Case(server: "twenty-crm-jdu278", tool: "findManyPeople", category: .read, level: .medium),
        Case(server: "mcp-time", tool: "convert_time", category: .read, level: .low),
        Case(server: "mcp-everything", tool: "get-env", category: .read, level: .high),
        Case(server: "mcp-sequentialthinking", tool: "sequentialthinking", category: .read, level: .low),
        Case(server: "twenty-crm-jdu278", tool: "GetOpenApiSchema", category: .read, level: .medium),  // open world: a hosted CRM
        // write
        Case(server: "twenty-crm-jdu278", tool: "UpdateOneConnectedAccount", category: .write, level: .medium),
        Case(server: "github-mcp-server", tool: "create_issue", category: .write, level: .medium),
        Case(server: "mcp-memory", tool: "add_observations", category: .write, level: .medium),
        Case(server: "mcp-memory", tool: "create_entities", category: .write, level: .high),  // "Create multiple"
        Case(server: "mcp-git", tool: "git_commit", category: .write, level: .medium),
        Case(server: "twenty-crm-jdu278", tool: "createManyPeople", category: .write, level: .high),
        Case(server: "kubernetes-mcp-server", tool: "helm_install", category: .write, level: .high),
        // destructive
        Case(server: "github-mcp-server", tool: "delete_repository", category: .destructive, level: .critical),
        Case(server: "kubernetes-mcp-server", tool: "pods_delete", category: .destructive, level: .high),
        Case(server: "mcp-memory", tool: "delete_entities", category: .destructive, level: .critical),
        Case(server: "supabase-mcp", tool: "reset_branch", category: .destructive, level: .high),
        Case(server: "mcp-filesystem", tool: "write_file", category: .destructive, level: .high),
        Case(server: "twenty-crm-jdu278", tool: "deleteOnePerson", category: .destructive, level: .high),
        // execute
        Case(server: "supabase-mcp", tool: "execute_sql", category: .execute, level: .critical),
        Case(server: "kubernetes-mcp-server", tool: "pods_exec", category: .execute, level: .critical),
        Case(server: "supabase-mcp", tool: "apply_migration", category: .execute, level: .critical),
        Case(server: "kubernetes-mcp-server", tool: "tekton_pipeline_start", category: .execute, level: .high),
        // communicate
        Case(server: "slack-mcp-server-korotovsky", tool: "conversations_add_message", category: .communicate, level: .high),
        Case(server: "github-mcp-server", tool: "add_issue_comment", category: .communicate, level: .medium),
        // financial
        Case(server: "stripe-mcp", tool: "create_refund", category: .financial, level: .critical),
        Case(server: "stripe-mcp", tool: "create_invoice", category: .financial, level: .high),
        Case(server: "stripe-mcp", tool: "create_price", category: .financial, level: .high),
        // admin
        Case(server: "supabase-mcp", tool: "update_storage_config", category: .admin, level: .high),
        Case(server: "twenty-crm-jdu278", tool: "UpdateOneWorkspaceMember", category: .admin, level: .high),
        Case(server: "slack-mcp-server-korotovsky", tool: "usergroups_me", category: .admin, level: .high),
        Case(server: "slack-mcp-server-korotovsky", tool: "usergroups_users_update", category: .destructive, level: .critical),
    ]

    /// Lists sort worst first by these: the order is the declaration order.
    @Test func levelsAndCategoriesOrderAsDeclaredAndNameThemselves() {
        #expect(RiskLevel.allCases.shuffled().sorted() == RiskLevel.allCases)
        #expect(ToolCategory.allCases.shuffled().sorted() == ToolCategory.allCases)
        #expect(RiskLevel.allCases.map(\.displayName) == ["Low", "Medium", "High", "Critical"])
    }

    @Test(arguments: cases)
    func classifiesRealToolIntoItsCategoryAndLevel(_ example: Case) {
        let classification = SharedCatalog.classify(example.server, example.tool)
        #expect(classification.category == example.category, "\(classification.rationale)")
        #expect(classification.level == example.level, "\(classification.rationale)")
    }

    @Test func everyCategoryHasATestCase() {
        #expect(Set(Self.cases.map(\.category)) == Set(ToolCategory.allCases))
    }

    @Test func readToolsAreReadOnlyReversibleAndNotDestructive() {
        for example in Self.cases where example.category == .read {
            let classification = SharedCatalog.classify(example.server, example.tool)
            #expect(classification.readOnly && classification.reversible && !classification.destructive, "\(example.tool)")
        }
    }

    @Test func anUpdateIsDestructiveInMCPsTermsButCanBePutBack() {
        let classification = SharedCatalog.classify("twenty-crm-jdu278", "UpdateOneCompany")
        #expect(classification.destructive)
        #expect(classification.reversible)
        #expect(!classification.readOnly)
        #expect(classification.category == .write)
    }

    @Test func anUpdateOfWhatARepositoryKeepsTheHistoryOfIsNotDestructive() {
        #expect(!SharedCatalog.classify("github-mcp-server", "update_issue_title").destructive)
        #expect(!SharedCatalog.classify("github-mcp-server", "create_issue").destructive)
    }

    @Test func deletionIsDestructiveAndIrreversible() {
        let classification = SharedCatalog.classify("kubernetes-mcp-server", "pods_delete")
        #expect(classification.destructive)
        #expect(!classification.reversible)
    }

    @Test func operationsListedInAMethodEnumCount() {
        let classification = SharedCatalog.classify("github-mcp-server", "label_write")
        #expect(classification.destructive)
        #expect(classification.evidence.map(\.text).contains("input property 'method' allows 'delete'"))
    }

    @Test(arguments: [
        ("twenty-crm-jdu278", "UpdateOneConnectedAccount"), ("stripe-mcp", "create_refund"), ("kubernetes-mcp-server", "pods_delete"),
        ("mcp-everything", "get-env"), ("github-mcp-server", "add_issue_comment"),
    ])
    func rationaleIsTwoToFourSentences(_ server: String, _ tool: String) {
        let rationale = SharedCatalog.classify(server, tool).rationale
        let sentences = rationale.split(separator: ". ").count
        #expect((2...4).contains(sentences), "\(rationale)")
    }

    @Test func everySharedToolHasEvidence() {
        for (server, tool) in SharedCatalog.catalog.tools {
            let classification = Classifier.classify(tool, on: server)
            #expect(!classification.evidence.isEmpty || classification.confidence == .low, "\(server.id)/\(tool.name)")
        }
    }
}
