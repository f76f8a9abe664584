import Testing

@testable import Server

/// How the bearer token is read from the `Authorization` header.
@Suite struct AgentAuthenticationTests {
    @Test(arguments: [
        ("Bearer gh_abc", "gh_abc"), ("bearer gh_abc", "gh_abc"), ("BEARER  gh_abc ", "gh_abc"), ("\tBearer\tgh_abc\t", "gh_abc"),
        ("Bearer", nil), ("Bearer   ", nil), ("Basic gh_abc", nil), ("Bearers gh_abc", nil), ("gh_abc", nil), ("", nil),
    ] as [(String, String?)])
    func readsTheTokenOfABearerHeader(header: String, token: String?) {
        #expect(AgentAuthentication.bearerToken(header) == token)
    }

    @Test func noHeaderHasNoToken() {
        #expect(AgentAuthentication.bearerToken(nil) == nil)
    }
}
