import Catalog
import Testing
@testable import SiteGenerator

/// Related tools start with the ones on the same resource, read from the names.
@Suite struct ToolResourceTests {
    @Test func theResourceIsTheNameWithoutVerbQuantifiersAndServerPrefix() {
        let keys = ToolResource.keys(["UpdateOneConnectedAccount", "FindManyConnectedAccounts", "DeleteOneConnectedAccount", "CreateOnePerson", "search"])
        #expect(keys == ["connected account", "connected account", "connected account", "person", nil])
        let prefixed = ToolResource.keys(["github_create_issue", "github_list_issues", "github_get_repository"])
        #expect(prefixed == ["issue", "issue", "repository"])
    }

    @Test func relatedToolsListTheSameResourceFirstThenTheSameCategory() throws {
        let names = ["UpdateOneCompany", "UpdateOneConnectedAccount", "UpdateOnePerson", "FindManyConnectedAccounts",
                     "UpdateManyPeople", "DeleteOneConnectedAccount", "FindOneConnectedAccount"]
        let plan = try SiteFixture.plan(names)
        let related = plan.related(to: 1).map { names[$0] }
        #expect(Array(related.prefix(3)).sorted() == ["DeleteOneConnectedAccount", "FindManyConnectedAccounts", "FindOneConnectedAccount"])
        #expect(related.dropFirst(3).contains("UpdateOnePerson"), "then the other write tools")
    }
}

extension SiteFixture {
    /// The plan of a server with these tools, classified as `generate` does.
    static func plan(_ names: [String]) throws -> ServerPlan {
        let server = CatalogServer(id: "crm", name: "CRM", tools: names.map { CatalogTool(name: $0, description: "\($0).") })
        let context = ServerContext.of(server)
        return ServerPlan(server: server, segment: "crm", classifications: server.tools.map { Classifier.classify($0, in: context) })
    }
}
