import Catalog
import Testing

/// What data a tool touches, from its name, description and input property names.
@Suite struct SensitivityTests {
    @Test func connectedAccountTokensShowAsCredentials() {
        let classification = SharedCatalog.classify("twenty-crm-jdu278", "UpdateOneConnectedAccount")
        #expect(classification.sensitivity.first == .credentials)
        let evidence = classification.evidence.map(\.text)
        #expect(evidence.contains("input property 'refreshToken'"))
        #expect(evidence.contains("input property 'accessToken'"))
    }

    @Test func readingConnectedAccountsIsAHighRiskReadOfCredentials() {
        // Connected (linked) accounts hold a service's OAuth tokens: listing them can leak them.
        let classification = SharedCatalog.classify("twenty-crm-jdu278", "findManyConnectedAccounts")
        #expect(classification.readOnly)
        #expect(classification.sensitivity.contains(.credentials))
        #expect(classification.level == .high)
    }

    @Test(arguments: [
        ("mcp-everything", "get-env", Sensitivity.credentials),
        ("supabase-mcp", "get_publishable_keys", .credentials),
        ("github-mcp-server", "list_secret_scanning_alerts", .credentials),
        ("twenty-crm-jdu278", "findManyPeople", .personalData),
        ("stripe-mcp", "create_customer", .personalData),
        ("stripe-mcp", "create_refund", .financial),
        ("stripe-mcp", "retrieve_balance", .financial),
        ("kubernetes-mcp-server", "pods_delete", .infrastructure),
        ("supabase-mcp", "execute_sql", .infrastructure),
        ("github-mcp-server", "list_commits", .sourceCode),
        ("mcp-git", "git_diff", .sourceCode),
        ("slack-mcp-server-korotovsky", "conversations_history", .communications),
        ("twenty-crm-jdu278", "createOneMessage", .communications),
        ("mcp-filesystem", "read_text_file", .files),
    ])
    func findsWhatDataAToolTouches(_ server: String, _ tool: String, _ sensitivity: Sensitivity) {
        #expect(SharedCatalog.classify(server, tool).sensitivity.contains(sensitivity))
    }

    @Test(arguments: [
        ("mcp-everything", "trigger-sampling-request", Sensitivity.credentials),  // maxTokens are not credentials
        ("mcp-memory", "search_nodes", .infrastructure),                          // knowledge-graph nodes
        ("github-mcp-server", "manage_notification_subscription", .financial),   // not a billing subscription
        ("twenty-crm-jdu278", "createOneFavorite", .personalData),               // personId only points at a person
        ("github-mcp-server", "get_team_members", .credentials),                  // "with current credentials"
    ])
    func doesNotMistakeLookalikes(_ server: String, _ tool: String, _ sensitivity: Sensitivity) {
        #expect(!SharedCatalog.classify(server, tool).sensitivity.contains(sensitivity))
    }

    @Test func sensitivitiesAreListedMostSensitiveFirst() {
        for (server, tool) in SharedCatalog.catalog.tools {
            let order = Classifier.classify(tool, on: server).sensitivity.map { Sensitivity.allCases.firstIndex(of: $0)! }
            #expect(order == order.sorted(), "\(tool.name)")
        }
    }
}
