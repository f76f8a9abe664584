import Foundation
import JSON
import Testing

/// `gatehouse check` and `gatehouse explain` on path and URL guards, as a user runs them.
@Suite struct ArgumentGuardCommandTests {
    static let policy = #"""
        {"version": "1", "default": "deny", "tools": {
          "convert_to_markdown": {"reason": "Documents are read from /srv/docs only.",
            "conditions": [{"path": "args.uri", "op": "path_within", "value": ["/srv/docs"]}]},
          "fetch": {"conditions": [{"path": "args.url", "op": "url_host_in", "value": ["example.com", "*.example.com"]}]}}}
        """#

    func folder(with policy: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-guards-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try policy.write(toFile: folder + "/policy.json", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func explainRefusesTheMarkitdownTraversalAndAdmitsTheDocument() async throws {
        let folder = try folder(with: Self.policy)
        let refused = try await GatehouseBinary.run(
            ["explain", "policy.json", "--tool", "convert_to_markdown", "--args", #"{"uri": "file:///srv/docs/..%2f..%2fetc%2fhostname"}"#, "--json"],
            in: folder)
        #expect(refused.status == 0, "\(refused.stderr)")
        let decision = try JSONParser.parse(refused.stdout)
        #expect(decision["decision"] == "deny")
        #expect(decision["rule"] == "/tools/convert_to_markdown")
        #expect(decision["reason"]?.stringValue?.hasSuffix("the argument resolves outside the allowed directories)") == true)

        let admitted = try await GatehouseBinary.run(
            ["explain", "policy.json", "--tool", "convert_to_markdown", "--args", #"{"uri": "file:///srv/docs/q3.pdf"}"#, "--json"],
            in: folder)
        #expect(try JSONParser.parse(admitted.stdout)["decision"] == "allow")
    }

    @Test func checkNamesABadOperandByItsPointerAndAMisspeltOperator() async throws {
        let folder = try folder(with: #"""
            {"version": "1", "tools": {"fetch": {"conditions": [
              {"path": "args.url", "op": "url_host_in", "value": ["https://example.com"]},
              {"path": "args.uri", "op": "path_witin", "value": ["/srv/docs"]}]}}}
            """#)
        let run = try await GatehouseBinary.run(["check", "policy.json", "--json"], in: folder)
        #expect(run.status == 1)
        let problems = try JSONParser.parse(run.stdout)[0]?["problems"]?.arrayValue ?? []
        let lines = problems.map { "\($0["pointer"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")" }
        #expect(lines.count == 2)
        #expect(lines.first == #"/tools/fetch/conditions/0/value/0: must be a host name, not a URL (write "example.com", and the scheme with url_scheme_in)"#)
        #expect(lines.last?.hasPrefix("/tools/fetch/conditions/1/op: must be one of") == true)
        #expect(lines.last?.hasSuffix("found \"path_witin\" (did you mean 'path_within'?)") == true)
    }
}
