import Catalog
import Testing

/// Names in every style split into the same words, and the verb is found wherever it stands.
@Suite struct NamingStyleTests {
    @Test(arguments: [
        ("UpdateOneConnectedAccount", ["update", "one", "connected", "account"]),  // PascalCase
        ("findManyPeople", ["find", "many", "people"]),                             // camelCase
        ("list_pull_requests", ["list", "pull", "requests"]),                       // snake_case
        ("get-annotated-message", ["get", "annotated", "message"]),                 // kebab-case
        ("pods.delete", ["pods", "delete"]),                                         // dotted
        ("GetOpenAPISchema", ["get", "open", "api", "schema"]),                     // acronym
        ("oauth2_token", ["oauth", "2", "token"]),                                  // digits
        ("SCREAMING_SNAKE_CASE", ["screaming", "snake", "case"]),
        ("issues/create:v2", ["issues", "create", "v", "2"]),
        ("sequentialthinking", ["sequentialthinking"]),
        ("", []),
    ])
    func splitsNamesIntoWords(_ name: String, _ words: [String]) {
        #expect(NameTokenizer.words(name) == words)
    }

    @Test func tokensRememberWhereTheyWereWritten() {
        let tokens = NameTokenizer.tokens("UpdateOneConnectedAccount")
        #expect(tokens.map(\.start) == [0, 6, 9, 18])
        #expect(tokens.map(\.end) == [6, 9, 18, 25])
    }

    /// The same destructive tool, named in every style a server might use.
    @Test(arguments: [
        "DeleteFile", "deleteFile", "delete_file", "delete-file", "file.delete", "files_delete", "FILE_DELETE",
        "DeleteOneFile", "deleteManyFiles", "storage_file_delete",
    ])
    func findsTheVerbInAnyNamingStyle(_ name: String) {
        let classification = Classifier.classify(CatalogTool(name: name))
        #expect(classification.category == .destructive)
        #expect(classification.destructive)
        #expect(classification.evidence.first?.source == .name)
    }

    @Test(arguments: [
        ("github-mcp-server", "issue_write", ToolCategory.write),           // noun_verb
        ("kubernetes-mcp-server", "pods_delete", .destructive),              // noun_verb
        ("kubernetes-mcp-server", "pods_list_in_namespace", .read),          // noun_verb_noun
        ("slack-mcp-server-korotovsky", "conversations_add_message", .communicate),
        ("github-mcp-server", "pull_request_read", .read),                   // "pull request" is not a verb
        ("github-mcp-server", "mark_all_notifications_read", .write),        // the first verb wins
        ("kubernetes-mcp-server", "resources_create_or_update", .destructive), // verb_or_verb; description says fields are removed
        ("mcp-everything", "get-tiny-image", .read),                         // kebab-case
        ("twenty-crm-jdu278", "findCompanyDuplicates", .read),               // camelCase
        ("twenty-crm-jdu278", "UpdateOneOpportunity", .write),               // PascalCase
    ])
    func classifiesRealToolsWrittenInEachStyle(_ server: String, _ tool: String, _ category: ToolCategory) {
        #expect(SharedCatalog.classify(server, tool).category == category)
    }

    @Test func quotesTheVerbAsWrittenWithItsQuantity() {
        let evidence = SharedCatalog.classify("twenty-crm-jdu278", "UpdateOneConnectedAccount").evidence.map(\.text)
        #expect(evidence.first == "tool name starts with 'UpdateOne'")
        let nounVerb = SharedCatalog.classify("kubernetes-mcp-server", "pods_delete").evidence.map(\.text)
        #expect(nounVerb.first == "tool name ends with 'delete'")
    }

    @Test func readsTheDescriptionWhenTheNameHasNoVerb() {
        let classification = Classifier.classify(CatalogTool(name: "city_weather", description: "Fetches the forecast for a city."))
        #expect(classification.category == .read)
        #expect(classification.evidence.map(\.text).contains("description says 'Fetches the forecast for a city'"))
    }
}
