import Foundation
import JSON
import Testing
@testable import Policy

/// `path_within`, `url_host_in` and `url_scheme_in` tried as an attacker would: traversal and
/// host confusion in every encoding we know, each with the decision a whole policy takes.
@Suite struct ArgumentGuardTests {
    static let policyText = #"""
        {"version": "1", "default": "deny", "tools": {
          "convert_to_markdown": {"reason": "Documents are read from /srv/docs only.",
            "conditions": [{"path": "args.uri", "op": "path_within", "value": ["/srv/docs"]}]},
          "read_files": {"conditions": [{"path": "args.paths", "op": "path_within", "value": ["/srv/docs", "/srv/shared/"]}]},
          "fetch": {"conditions": [{"path": "args.url", "op": "url_host_in", "value": ["good.com", "*.good.org"]}]},
          "fetch_local": {"conditions": [{"path": "args.url", "op": "url_host_in", "value": ["127.0.0.1"]}]},
          "open_link": {"conditions": [{"path": "args.url", "op": "url_scheme_in", "value": ["https"]}]},
          "call_api": {"conditions": [
            {"path": "args.url", "op": "url_scheme_in", "value": ["https"]},
            {"path": "args.url", "op": "url_host_in", "value": ["api.github.com"]}]}
        }}
        """#
    static let policy = try! CompiledPolicy(text: policyText)

    struct Case: CustomTestStringConvertible, Sendable {
        var tool: String
        var argument: JSONValue
        var allowed: Bool
        var testDescription: String { "\(tool) \(JSONWriter().string(argument)) → \(allowed ? "allow" : "deny")" }
    }

    static func path(_ uri: String, _ allowed: Bool) -> Case { Case(tool: "convert_to_markdown", argument: .string(uri), allowed: allowed) }
    static func url(_ url: String, _ allowed: Bool) -> Case { Case(tool: "fetch", argument: .string(url), allowed: allowed) }
    static func local(_ url: String, _ allowed: Bool) -> Case { Case(tool: "fetch_local", argument: .string(url), allowed: allowed) }
    static func link(_ url: String, _ allowed: Bool) -> Case { Case(tool: "open_link", argument: .string(url), allowed: allowed) }

    static let traversal: [Case] = [
        path("/srv/docs/report.pdf", true),
        path("file:///srv/docs/report.pdf", true),
        path("/srv/docs", true),
        path("/srv/docs/", true),
        path("file://localhost/srv/docs/a.txt", true),
        path("FILE:///srv/docs/a.txt", true),
        path("file:/srv/docs/a.txt", true),
        path("//srv//docs///a.txt", true),
        path("/srv/./docs/./a.txt", true),
        path("/srv/docs/sub/../a.txt", true),
        path("/srv/docs2/../docs/a.txt", true),
        path("/../srv/docs/a.txt", true),
        path("/srv/docs/my%20file.pdf", true),
        path("/srv/docs/sub%2fa.txt", true),
        path("/srv/docs/caf\u{E9}.txt", true),
        path("/srv/docs/cafe\u{301}.txt", true),
        // The markitdown case: a regex on the raw string let this read /etc/hostname.
        path("file:///srv/docs/..%2f..%2fetc%2fhostname", false),
        path("/srv/docs/../../etc/passwd", false),
        path("/srv/docs/..%2f..%2fetc/passwd", false),
        path("/srv/docs/..%2F..%2Fetc/passwd", false),
        path("/srv/docs/%2e%2e/%2e%2e/etc/passwd", false),
        path("/srv/docs/%2E%2E/secret", false),
        path("/srv/docs/.%2e/secret", false),
        path("/srv/docs/%2e./secret", false),
        path("/srv/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", false),
        path("/srv/docs/....//etc/passwd", false),
        path("/srv/docs/.../secret", false),
        path("/srv/docs/.. /secret", false),
        path("file://localhost/etc/passwd", false),
        path("file:///etc/passwd", false),
        path("file://evil.com/srv/docs/a.txt", false),
        path("file:srv/docs/a.txt", false),
        path("srv/docs/a.txt", false),
        path("./srv/docs/a.txt", false),
        path("~/docs/a.txt", false),
        path("", false),
        path("/srv/docs/a.txt%00.pdf", false),
        path("/srv/docs/a.txt\u{0}.pdf", false),
        path("/srv/docs/a\tb", false),
        path("/srv/docs/%252e%252e/%252e%252e/etc/passwd", false),
        path("file:///srv/docs/%252e%252e%252fsecret", false),
        path("/srv/docs/..\\..\\etc\\passwd", false),
        path("/srv/docs/%5c..%5c..%5cetc", false),
        path("C:\\srv\\docs\\a.txt", false),
        path("/srv/docsx/secret", false),
        path("/srv/docs-old/secret", false),
        path("/srv/%64ocs/a.txt", false),  // raw, a directory "%64ocs" in /srv; decoded, /srv/docs
        path("/srv%2fdocs/a.txt", false),
        path("/srv/docs/%c0%ae%c0%ae/secret", false),  // overlong UTF-8 for ".."
        path("/srv/docs/%ff", false),
        path("/srv/docs/\u{2025}/secret", false),  // TWO DOT LEADER: ".." once normalised
        path("/srv/docs/\u{FF0E}\u{FF0E}/secret", false),  // full-width dots
        path("/srv/docs/\u{FF0F}..\u{FF0F}secret", false),  // full-width solidus
        path("file:///srv/docs/a.txt?/../../etc/passwd", false),
        path("file:///srv/docs/a.txt#/../../etc/passwd", false),
        path("https://good.com/srv/docs/a.txt", false),
    ]

    static let hostConfusion: [Case] = [
        url("https://good.com/path", true),
        url("http://good.com", true),
        url("HTTPS://GOOD.COM/", true),
        url("https://good.com./", true),
        url("https://good.com:8443/x", true),
        url("https://user:pass@good.com/", true),
        url("http://evil.com@good.com/", true),  // the host is good.com: evil.com is a user name
        url("http://good.com#@evil.com", true),  // the host is good.com: the rest is a fragment
        url("http://good。com/", true),
        url("http://good．com/", true),
        url("http://ｇｏｏｄ.com/", true),
        url("http://good%2ecom/", true),
        url("  https://good.com/  ", true),
        url("http:/good.com/", true),
        url("https://api.good.org/v1", true),
        url("https://a.b.good.org/", true),
        url("http://good.com@evil.com/", false),
        url("http://good.com:443@evil.com/", false),
        url("http://good.com%2f@evil.com/", false),
        url("http://good.com%40evil.com/", false),
        url("http://good.com.evil.com/", false),
        url("http://evilgood.com/", false),
        url("http://good.com\\@evil.com/", false),
        url("http:\\\\good.com\\", false),
        url("http://evil.com#@good.com", false),
        url("http://evil.com?@good.com/", false),
        url("http://evil.com/@good.com", false),
        url("http://evil.com\\good.com", false),
        url("http://0x7f.1/", false),
        url("http://127.0.0.1/", false),
        url("http://2130706433/", false),
        url("http://0177.0.0.1/", false),
        url("http://[::ffff:127.0.0.1]/", false),
        url("http://[::1]/", false),
        url("http://good.com。evil.com/", false),
        url("http://good.com\u{2024}evil.com/", false),
        url("http://go\tod.com/", false),
        url("http://good.com\n.evil.com/", false),
        url("http://good.com\u{0}.evil.com/", false),
        url("http://good.com%00.evil.com/", false),
        url("http://good..com/", false),
        url("http://g\u{43E}\u{43E}d.com/", false),  // Cyrillic о
        url("http://good.com\u{200B}/", false),
        url("http://good.com:80:80/", false),
        url("http://good.com:99999/", false),
        url("http://[good.com]/", false),
        url("ftp://good.com/", false),
        url("wss://good.com/", false),
        url("file:///etc/passwd", false),
        url("javascript:alert(1)//good.com", false),
        url("//good.com/x", false),
        url("good.com/x", false),
        url("https://good.org/", false),  // *.good.org is the subdomains, not good.org itself
        url("https://evilgood.org/", false),
        url("https://good.org.evil.com/", false),
        // One host, many spellings: an allowed address stays allowed however it is written.
        local("http://127.0.0.1/", true),
        local("http://0x7f.1/", true),
        local("http://2130706433/", true),
        local("http://0177.0.0.1/", true),
        local("http://127.1/", true),
        local("http://127.0.0.1.:8080/", true),
        local("http://[::ffff:127.0.0.1]/", false),
        local("http://localhost/", false),
        local("http://127.0.0.2/", false),
        // url_scheme_in.
        link("https://example.com/", true),
        link("HTTPS://example.com/", true),
        link(" https://example.com/", true),
        link("http://example.com/", false),
        link("javascript:alert(1)", false),
        link("JavaScript:alert(1)", false),
        link("ht\ttps://example.com/", false),
        link("https://", false),
        link("data:text/html,hi", false),
        link("file:///etc/passwd", false),
        Case(tool: "call_api", argument: "https://api.github.com/repos/x/y", allowed: true),
        Case(tool: "call_api", argument: "http://api.github.com/repos/x/y", allowed: false),
        Case(tool: "call_api", argument: "https://api.github.com.evil.com/", allowed: false),
    ]

    static let types: [Case] = [
        Case(tool: "read_files", argument: ["/srv/docs/a", "/srv/shared/b"], allowed: true),
        Case(tool: "read_files", argument: ["/srv/docs/a", "/srv/docs/../../etc/passwd"], allowed: false),
        Case(tool: "read_files", argument: ["/srv/docs/a", 7], allowed: false),
        Case(tool: "read_files", argument: [], allowed: false),
        Case(tool: "read_files", argument: "/srv/shared", allowed: true),
        Case(tool: "convert_to_markdown", argument: 42, allowed: false),
        Case(tool: "convert_to_markdown", argument: ["uri": "/srv/docs/a"], allowed: false),
        Case(tool: "convert_to_markdown", argument: .null, allowed: false),
        Case(tool: "fetch", argument: true, allowed: false),
    ]

    @Test(arguments: traversal + hostConfusion + types)
    func decides(_ c: Case) {
        let name = c.tool.hasPrefix("read") ? "paths" : (c.tool == "convert_to_markdown" ? "uri" : "url")
        let decision = Self.policy.decide(ToolCall(tool: c.tool, arguments: [name: c.argument]), counters: [:], now: .now)
        #expect(decision.isAllowed == c.allowed, "\(decision)")
    }

    @Test func theTableIsAdversarialEnough() {
        #expect(Self.traversal.filter { !$0.allowed }.count >= 40)
        #expect(Self.hostConfusion.filter { !$0.allowed }.count >= 40)
    }

    @Test func aMissingArgumentFails() {
        let decision = Self.policy.decide(ToolCall(tool: "convert_to_markdown"), counters: [:], now: .now)
        #expect(decision.reason == "Documents are read from /srv/docs only. (condition 0 not met: args.uri path_within [\"/srv/docs\"]: the argument is missing)")
    }

    @Test func theDenialSaysWhyWithoutRepeatingTheArgument() {
        let secret = "file:///srv/docs/..%2f..%2fetc%2fhostname"
        let decision = Self.policy.decide(ToolCall(tool: "convert_to_markdown", arguments: ["uri": .string(secret)]), counters: [:], now: .now)
        #expect(decision == .deny(
            reason: "Documents are read from /srv/docs only. (condition 0 not met: args.uri path_within [\"/srv/docs\"]: the argument resolves outside the allowed directories)",
            rule: .tool("convert_to_markdown")))
        let token = "https://x:s3cr3t@evil.com/"
        let refused = Self.policy.decide(ToolCall(tool: "fetch", arguments: ["url": .string(token)]), counters: [:], now: .now)
        #expect(refused.reason == "tool 'fetch' refused: condition 0 not met: args.url url_host_in [\"good.com\",\"*.good.org\"]: the argument names a host outside the allowed list")
        #expect(refused.reason?.contains("s3cr3t") == false)
    }

    @Test func aMisspeltSchemeIsAWarningWithADidYouMean() {
        let result = PolicyChecker.check(text: #"{"version": "1", "tools": {"open": {"conditions": [{"path": "args.url", "op": "url_scheme_in", "value": ["https", "htps"]}]}}}"#)
        #expect(result.isValid)
        #expect(result.warnings.map(\.description) == [#"/tools/open/conditions/0/value/1: warning: unusual scheme "htps" (did you mean 'https'?)"#])
    }
}
