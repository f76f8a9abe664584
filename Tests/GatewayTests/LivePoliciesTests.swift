import Foundation
import Policy
import Store
import Testing
import TestSupport
@testable import Gateway

/// Policies reload when their file changes; a broken file never replaces a working policy.
@Suite struct LivePoliciesTests {
    static let allowTime = #"{"version": "1", "default": "deny", "tools": {"get_time": {}}}"#
    static let allowEverything = #"{"version": "1", "default": "allow"}"#
    static let broken = #"{"version": "1", "default": "deny", "tools": {"get_time": {"action": "alow"}}}"#

    /// A folder with gatehouse.json (servers `time`, with a policy file, and `bare`, without),
    /// the loaded configuration, and an audit log on SQLite in the same folder.
    struct Setup {
        var folder: String
        var policyFile: String
        var policies: LivePolicies
        var audit: SQLiteAuditStore
    }

    func setUp() throws -> Setup {
        let folder = temporaryFolder()
        let policyFile = folder + "/time.json"
        try Self.allowTime.write(toFile: policyFile, atomically: true, encoding: .utf8)
        try #"{"mcpServers": {"time": {"command": "uvx", "policy": "time.json"}, "bare": {"command": "uvx"}}}"#
            .write(toFile: folder + "/gatehouse.json", atomically: true, encoding: .utf8)
        let (configuration, loaded) = try ConfigurationLoader.load(file: folder + "/gatehouse.json", environment: [:]).get()
        let audit = SQLiteAuditStore(database: try SQLiteDatabase(directory: folder))
        let policies = try LivePolicies(configuration: configuration, policies: loaded, audit: AuditLog(store: audit))
        return Setup(folder: folder, policyFile: policyFile, policies: policies, audit: audit)
    }

    func decision(_ policies: LivePolicies, _ server: String, _ tool: String) -> String? {
        policies.policy(for: server)?.evaluate(ToolCall(tool: tool)).decisionName
    }

    @Test func aValidChangeIsInForceAfterTheNextCheck() async throws {
        let setup = try setUp()
        #expect(decision(setup.policies, "time", "other") == "deny")
        try Self.allowEverything.write(toFile: setup.policyFile, atomically: true, encoding: .utf8)
        let changes = await setup.policies.reloadChangedFiles()
        #expect(changes.map(\.outcome) == [.reloaded])
        #expect(decision(setup.policies, "time", "other") == "allow")
        let rows = try await setup.audit.query(AuditFilter(kind: .policyReloaded))
        #expect(rows.map(\.server) == ["time"])
    }

    @Test func aBrokenFileIsRejectedAndTheOldPolicyStays() async throws {
        let setup = try setUp()
        try Self.broken.write(toFile: setup.policyFile, atomically: true, encoding: .utf8)
        let changes = await setup.policies.reloadChangedFiles()
        #expect(changes.map(\.outcome) == [.rejected])
        #expect(changes.first?.problems.map(\.pointer.description) == ["/tools/get_time/action"])
        #expect(decision(setup.policies, "time", "get_time") == "allow")
        #expect(decision(setup.policies, "time", "other") == "deny")
        let rejected = try await setup.audit.query(AuditFilter(kind: .policyRejected))
        #expect(rejected.count == 1)
        #expect(rejected.first?.detail?["problems"]?.arrayValue?.count == 1)
        // Reported once, not on every check.
        #expect(await setup.policies.reloadChangedFiles().isEmpty)
    }

    @Test func aDeletedFileKeepsTheOldPolicyAndItsReturnIsPickedUp() async throws {
        let setup = try setUp()
        try FileManager.default.removeItem(atPath: setup.policyFile)
        #expect(await setup.policies.reloadChangedFiles().map(\.outcome) == [.rejected])
        #expect(decision(setup.policies, "time", "get_time") == "allow")
        try Self.allowEverything.write(toFile: setup.policyFile, atomically: true, encoding: .utf8)
        #expect(await setup.policies.reloadChangedFiles().map(\.outcome) == [.reloaded])
        #expect(decision(setup.policies, "time", "anything") == "allow")
    }

    @Test func theWatcherPicksUpAChangeWithinAboutASecond() async throws {
        let setup = try setUp()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let clock = ManualClock()
            group.addTask { await setup.policies.watch(every: .milliseconds(50), clock: clock) }
            try Self.allowEverything.write(toFile: setup.policyFile, atomically: false, encoding: .utf8)
            await clock.sleepers(atLeast: 1)
            clock.advance(by: .milliseconds(50))
            // Asleep again: the files were checked.
            await clock.sleepers(atLeast: 1)
            let reloaded = decision(setup.policies, "time", "other") == "allow"
            #expect(reloaded)
            group.cancelAll()
        }
    }

    @Test func aServerWithoutAPolicyDeniesEverything() throws {
        let setup = try setUp()
        #expect(setup.policies.activePolicy(for: "bare")?.source == .builtInDenyAll)
        #expect(decision(setup.policies, "bare", "anything") == "deny")
        #expect(setup.policies.policy(for: "unknown") == nil)
        #expect(setup.policies.servers == ["bare", "time"])
    }

    @Test func aPolicySetThroughTheAPIIsInForceUntilTheFileChanges() async throws {
        let setup = try setUp()
        let document = try PolicyChecker.load(text: Self.allowEverything)
        try await setup.policies.replace(server: "time", document: document, source: .api(by: "admin", version: 2))
        #expect(decision(setup.policies, "time", "other") == "allow")
        #expect(setup.policies.activePolicy(for: "time")?.source == .api(by: "admin", version: 2))
        await #expect(throws: PolicyReplaceError.self) {
            try await setup.policies.replace(server: "nope", document: document, source: .api(by: "admin", version: nil))
        }
        try Self.allowTime.write(toFile: setup.policyFile, atomically: true, encoding: .utf8)
        await setup.policies.reloadChangedFiles()
        #expect(decision(setup.policies, "time", "other") == "deny")
    }
}

extension Evaluation {
    /// allow / deny / require_approval, for compact expectations.
    var decisionName: String {
        switch self {
        case .decided(let decision): return decision.name
        case .count(_, let then): return then.name
        }
    }
}
