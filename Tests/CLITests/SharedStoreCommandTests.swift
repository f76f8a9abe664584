import Foundation
import JSON
import Store
import Testing

/// State commands on the store named by `"store"` in gatehouse.json, and `--store` winning over it.
@Suite struct SharedStoreCommandTests {
    static let postgresURL = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"]

    /// A configured folder whose gatehouse.json names `store`.
    func folder(store: String) throws -> String {
        let folder = try configuredFolder()
        let path = folder + "/gatehouse.json"
        var configuration = try #require(try JSONParser.parse(String(contentsOfFile: path, encoding: .utf8)).objectValue)
        configuration["store"] = .string(store)
        try JSONWriter(style: .pretty).string(.object(configuration)).write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    @Test(.enabled(if: postgresURL != nil, "needs GATEHOUSE_TEST_POSTGRES_URL (scripts/test starts a server)"))
    func grantsAndAuditGoToThePostgreSQLStoreOfTheConfigurationAndNothingToSQLite() async throws {
        let folder = try folder(store: try #require(Self.postgresURL))
        let name = "agent-\(UUID().uuidString.prefix(8))"
        let created = try await GatehouseBinary.run(["grant", "create", "--name", name, "--server", "demo", "--json"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try await GatehouseBinary.run(["grant", "list", "--json"], in: folder)
        #expect(listed.stdout.contains(name))
        #expect(try await GatehouseBinary.run(["audit", "--json", "--limit", "1"], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder + "/data/" + SQLiteDatabase.fileName))
    }

    @Test func theStoreFlagWinsOverTheConfiguration() async throws {
        // A store the configuration names but nobody could reach: the flag must be what opens.
        let folder = try folder(store: "postgres://nobody@127.0.0.1:1/none")
        let created = try await GatehouseBinary.run(
            ["grant", "create", "--name", "agent", "--server", "demo", "--store", "sqlite:elsewhere", "--json"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/elsewhere/" + SQLiteDatabase.fileName))
        let viaConfiguration = try await GatehouseBinary.run(["grant", "list"], in: folder)
        #expect(viaConfiguration.status == 1)
        #expect(viaConfiguration.stderr.contains("store unavailable"))
    }
}
