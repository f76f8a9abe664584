import Foundation
import Gateway
import JSON
import Policy
import Store

/// A configured server's policy: `GET /api/servers/<id>/policy` (the policy in force, open),
/// and, with the admin token, `PUT` (apply a new one), `GET …/policy/history` and
/// `POST …/policy/rollback`.
struct PolicyVersionEndpoints: Sendable {
    let policies: LivePolicies
    let versions: any PolicyVersionStore
    let publisher: PolicyPublisher
    let directory: ServerDirectory

    /// The policy in force, where it came from and since when.
    func current(_ server: String) async throws(APIError) -> JSONValue {
        guard let active = policies.activePolicy(for: server) else { throw notConfigured(server) }
        var source: JSONObject
        switch active.source {
        case .file(let path): source = ["kind": "file", "file": .string(path)]
        case .api(let by, let version): source = ["kind": "api", "by": .string(by), "version": version.map { .int(Int64($0)) } ?? .null]
        case .builtInDenyAll: source = ["kind": "built-in"]
        }
        source["description"] = .string(active.source.description)
        let latest = try? await versions.latest(server: server)
        return [
            "server": .string(server), "policy": active.policy.document.json, "source": .object(source),
            "activatedAt": .string(Timestamp.string(active.activatedAt)),
            "policyFile": policies.policyFile(for: server).map(JSONValue.string) ?? .null,
            "latestVersion": latest.map { .int(Int64($0.number)) } ?? .null,
        ]
    }

    /// `{"policy", "by"?, "comment"?}`: checks, records, writes and applies the policy.
    func apply(_ server: String, body: JSONRequestBody) async throws(APIError) -> JSONValue {
        try body.allowOnly(["policy", "by", "comment"])
        let submission = try PolicySubmission.read(body)
        guard let document = submission.check.document, let json = submission.json else {
            throw .invalidPolicy(submission.check.problems)
        }
        _ = try submission.compiled()
        let published = try await publisher.publish(
            server: server, document: document, json: json, by: try Self.author(body), comment: try Self.comment(body))
        return await report(published, server: server, document: document, warnings: submission.check.warnings)
    }

    /// Every version, newest first, each with its policy.
    func history(_ server: String) async throws(APIError) -> JSONValue {
        guard policies.activePolicy(for: server) != nil else { throw notConfigured(server) }
        let all: [PolicyVersion]
        do {
            all = try await versions.history(server: server)
        } catch {
            throw .unavailable("the policy version store cannot be read", error)
        }
        return ["server": .string(server), "versions": .array(all.map(Self.json))]
    }

    /// `{"version": N, "by"?, "comment"?}`: applies version N anew, as the next version.
    func rollback(_ server: String, body: JSONRequestBody) async throws(APIError) -> JSONValue {
        try body.allowOnly(["version", "by", "comment"])
        guard let number = try body.integer("version", in: 1...Int(Int32.max)) else {
            throw .badRequest("missing field 'version' (the version number to roll back to; see …/policy/history)")
        }
        guard policies.activePolicy(for: server) != nil else { throw notConfigured(server) }
        let old: PolicyVersion?
        do {
            old = try await versions.version(server: server, number: number)
        } catch {
            throw .unavailable("the policy version store cannot be read", error)
        }
        guard let old else { throw .notFound("server '\(server)' has no policy version \(number)") }
        let check = PolicyChecker.check(text: old.document)
        guard let document = check.document, let json = try? JSONParser.parse(old.document) else {
            throw .invalidPolicy(check.problems)
        }
        let note = try Self.comment(body).map { "rollback to version \(number): \($0)" } ?? "rollback to version \(number)"
        let published = try await publisher.publish(server: server, document: document, json: json, by: try Self.author(body), comment: note)
        return await report(published, server: server, document: document, warnings: check.warnings)
    }

    // MARK: Parts

    private func report(_ published: PublishedPolicy, server: String, document: PolicyDocument, warnings: [PolicyProblem]) async -> JSONValue {
        var problems = warnings
        if let tools = try? await directory.classified(server).server.tools.map(\.name) {
            problems += PolicyChecker.warnings(for: document, availableTools: tools)
        }
        guard case .object(var members) = Self.json(published.version) else { return .null }
        members["file"] = .string(published.file)
        members["warnings"] = .array(problems.map(\.json))
        return .object(members)
    }

    static func json(_ version: PolicyVersion) -> JSONValue {
        [
            "server": .string(version.server), "version": .int(Int64(version.number)), "by": .string(version.createdBy),
            "at": .string(Timestamp.string(version.createdAt)), "comment": version.comment.map(JSONValue.string) ?? .null,
            "policy": (try? JSONParser.parse(version.document)) ?? .string(version.document),
        ]
    }

    /// Who made the change (the admin token is shared, so people say who they are); "admin" by default.
    static func author(_ body: JSONRequestBody) throws(APIError) -> String {
        guard let by = try body.string("by")?.trimmingCharacters(in: .whitespaces), !by.isEmpty else { return "admin" }
        guard by.count <= 100, !by.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badRequest("'by' must be a name of at most 100 characters, without control characters")
        }
        return by
    }

    static func comment(_ body: JSONRequestBody) throws(APIError) -> String? {
        guard let comment = try body.string("comment")?.trimmingCharacters(in: .whitespacesAndNewlines), !comment.isEmpty else { return nil }
        guard comment.count <= 2_000 else { throw .badRequest("'comment' must be at most 2000 characters") }
        return comment
    }

    private func notConfigured(_ server: String) -> APIError {
        .notFound("no server '\(server)' is configured in the gateway\(DidYouMean.hint(for: server, among: policies.servers))")
    }
}
