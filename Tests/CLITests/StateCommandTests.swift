import Foundation
import JSON
import Store
import Testing

/// `grant`, `audit` and `config check` through the built binary.
@Suite struct StateCommandTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    @Test func aGrantIsCreatedListedWithoutItsTokenAndRevoked() async throws {
        let folder = try configuredFolder()
        let created = try await GatehouseBinary.run(["grant", "create", "--name", "agent", "--server", "demo", "--server", "time", "--json"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("shown once"))
        let grant = try json(created.stdout)
        let token = try #require(grant["token"]?.stringValue)
        #expect(token.hasPrefix("gh_"))
        #expect(grant["servers"] == ["demo", "time"])

        let grants = SQLiteGrantStore(database: try SQLiteDatabase(directory: folder + "/data"))
        #expect(try await grants.authenticate(token: token)?.name == "agent")

        let listed = try await GatehouseBinary.run(["grant", "list", "--json"], in: folder)
        #expect(listed.status == 0)
        #expect(!listed.stdout.contains(token))
        let rows = try #require(try json(listed.stdout).arrayValue)
        #expect(rows.map { $0["name"] } == ["agent"])
        #expect(rows.first?["token"] == nil)

        let revoked = try await GatehouseBinary.run(["grant", "revoke", "agent"], in: folder)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try await grants.authenticate(token: token) == nil)
        let text = try await GatehouseBinary.run(["grant", "list"], in: folder)
        #expect(text.stdout.contains("revoked"))
    }

    @Test func grantMistakesExitWithTheRightStatus() async throws {
        let folder = try configuredFolder()
        let unknownServer = try await GatehouseBinary.run(["grant", "create", "--name", "a", "--server", "dmeo"], in: folder)
        #expect(unknownServer.status == 1)
        #expect(unknownServer.stderr.contains("no server 'dmeo' (did you mean 'demo'?)"))
        let noServer = try await GatehouseBinary.run(["grant", "create", "--name", "a"], in: folder)
        #expect(noServer.status == 2)
        let badName = try await GatehouseBinary.run(["grant", "create", "--name", "two words", "--server", "demo"], in: folder)
        #expect(badName.status == 1)
        #expect(try await GatehouseBinary.run(["grant", "create", "--name", "a", "--server", "demo"], in: folder).status == 0)
        let duplicate = try await GatehouseBinary.run(["grant", "create", "--name", "a", "--server", "demo"], in: folder)
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already exists"))
        let unknownGrant = try await GatehouseBinary.run(["grant", "revoke", "b"], in: folder)
        #expect(unknownGrant.status == 1)
    }

    @Test func auditPrintsAJSONArrayOfFilteredRows() async throws {
        let folder = try configuredFolder()
        #expect(try await GatehouseBinary.run(["audit", "--json"], in: folder).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        let audit = SQLiteAuditStore(database: try SQLiteDatabase(directory: folder + "/data"))
        let ids = try await audit.append([
            AuditEntry(kind: .toolCall, grant: "agent", session: "s1", server: "demo", tool: "ListPeople", decision: "allow",
                       rule: "/tools/ListPeople", argumentsDigest: "d", arguments: #"{"limit":5}"#),
            AuditEntry(kind: .toolCall, grant: "agent", session: "s1", server: "demo", tool: "DeletePerson\u{1B}[2J", decision: "deny",
                       rule: "/default", reason: "no rule allows this tool", argumentsDigest: "e"),
            AuditEntry(time: Date() - 7200, kind: .toolCall, grant: "agent", server: "time", tool: "get_current_time", decision: "allow"),
        ])
        try await audit.complete([AuditCompletion(id: ids[0], outcome: .ok, latencyMs: 4.5)])

        let all = try #require(try await json(GatehouseBinary.run(["audit", "--json"], in: folder).stdout).arrayValue)
        #expect(all.count == 3)
        let first = try #require(all.last)
        for key in ["time", "kind", "grant", "session", "server", "tool", "decision", "rule", "reason", "argumentsDigest", "outcome", "latencyMs"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["arguments"] == ["limit": 5])
        #expect(first["latencyMs"] == 4.5)

        let denied = try await json(GatehouseBinary.run(["audit", "--decision", "deny", "--json"], in: folder).stdout)
        #expect(denied.arrayValue?.count == 1)
        let recent = try await json(GatehouseBinary.run(["audit", "--since", "1h", "--server", "demo", "--json"], in: folder).stdout)
        #expect(recent.arrayValue?.count == 2)

        let table = try await GatehouseBinary.run(["audit"], in: folder)
        #expect(table.status == 0)
        #expect(table.stdout.contains("ListPeople"))
        #expect(table.stdout.contains(#"DeletePerson\x1b[2J"#), "control characters from tool names must not reach the terminal")
    }

    @Test func configCheckSummarisesOrReportsEveryProblem() async throws {
        let folder = try configuredFolder()
        let ok = try await GatehouseBinary.run(["config", "check"], in: folder)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("ok, 2 servers"))
        #expect(ok.stdout.contains("no policy: every call to time is denied"))
        try #"{"mcpServers": {"demo": {"command": "x", "args": ["a", 1], "policy": "missing.json"}}}"#
            .write(toFile: folder + "/broken.json", atomically: true, encoding: .utf8)
        let broken = try await GatehouseBinary.run(["config", "check", "--config", "broken.json"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("broken.json: /mcpServers/demo/args/1: must be a string, found a number"))
        #expect(broken.stdout.contains("broken.json: /mcpServers/demo/policy: cannot read missing.json: no such file"))
        let report = try await json(GatehouseBinary.run(["config", "check", "--config", "broken.json", "--json"], in: folder).stdout)
        #expect(report["valid"] == false)
        #expect(report["problems"]?.arrayValue?.count == 2)
    }
}
