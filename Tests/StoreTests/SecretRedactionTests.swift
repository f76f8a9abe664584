import JSON
import Store
import Testing

/// Credentials found by their shape in any string argument (none of these is real), and text
/// of the same look that must be kept — the table behind `"audit": {"arguments": "redacted"}`.
@Suite struct SecretRedactionTests {
    /// A text holding a credential, and the part of it that must not survive.
    static let secrets: [(text: String, secret: String)] = [
        ("AKIAK66ZUI982CXEX0CE", "AKIAK66ZUI982CXEX0CE"),
        ("ASIAUOMW7Y5DB2FS1VJ5", "ASIAUOMW7Y5DB2FS1VJ5"),
        ("aws_access_key_id = AKIAK66ZUI982CXEX0CE in ~/.aws/credentials", "AKIAK66ZUI982CXEX0CE"),
        ("s8Wvgj/ujBsdSosN6f1JfwItMt7fXS/R78f8v44L", "s8Wvgj/ujBsdSosN6f1JfwItMt7fXS/R78f8v44L"),
        ("secret: Jpx13pn+WGySnuItP5jkYBgKeClON6iGj2zmYy6E.", "Jpx13pn+WGySnuItP5jkYBgKeClON6iGj2zmYy6E"),
        ("export AWS_SECRET_ACCESS_KEY=4oalekmTEcdcS97tlxob+Fi7ilfIiM9TIFz6cjaQ", "4oalekmTEcdcS97tlxob+Fi7ilfIiM9TIFz6cjaQ"),
        ("ghp_0Zx72nG4SAl8Lntd0wIjF6X8JEviidNk7j1I", "ghp_0Zx72nG4SAl8Lntd0wIjF6X8JEviidNk7j1I"),
        ("git clone https://gho_eTukaQRdOfWYj6ncBzVun0Ry7369rIO6tBuR@github.com/o/r", "gho_eTukaQRdOfWYj6ncBzVun0Ry7369rIO6tBuR"),
        ("token ghs_K2j1IfWqrAz2KrHhSyrntT1Lzdw41CoXFkyt", "ghs_K2j1IfWqrAz2KrHhSyrntT1Lzdw41CoXFkyt"),
        ("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",
         "aeEztB1R0ElzOEksLxPMwn_kH7KDZQEQbZYUDQZgbxYEe6i455LvwWWstRRLvK88sKmG0VreISMnvGv6uD"),
        ("xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"),
        ("slack: xoxp-2222222222-3333333333-4444444444-abcdef0123456789abcdef0123456789", "abcdef0123456789abcdef0123456789"),
        ("xoxa-2-1234567890-1234567890-abcdefABCDEF", "abcdefABCDEF"),
        ("xoxr-98765432109-refreshtokenvalue", "refreshtokenvalue"),
        ("sk_live_rfWHLLJh0pqxi3bzcQcnQjuH", "sk_live_rfWHLLJh0pqxi3bzcQcnQjuH"),
        ("stripe key rk_live_wB6G6e2W9tqSF6LowGfP6ZbR for refunds", "rk_live_wB6G6e2W9tqSF6LowGfP6ZbR"),
        ("sk_test_Lv3KokEFR8R8i4INNejI81pS", "sk_test_Lv3KokEFR8R8i4INNejI81pS"),
        ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.T4N5tLQ3oVd1rJ8m0y6Cw2Z9xK7aE5fB1gH3iJ4kL6M",
         "T4N5tLQ3oVd1rJ8m0y6Cw2Z9xK7aE5fB1gH3iJ4kL6M"),
        ("id_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.", "eyJzdWIiOiJhZGEifQ"),
        ("postgres://app:s3cr3t-P4ss@db.internal:5432/prod", "s3cr3t-P4ss"),
        ("DATABASE_URL is mysql://root:hunter2@localhost/shop, use it", "hunter2"),
        ("https://ada:pa%24%24word@example.com/private", "pa%24%24word"),
        ("redis://:only-a-password@cache:6379/0", "only-a-password"),
        ("https://api.example.com/v1/items?access_token=abc123DEF456ghi&limit=10", "abc123DEF456ghi"),
        ("https://maps.example.com/tile?x=1&key=AIzaFAKEq8Vz3LmN7pR2tY5wXb9Kc4Jd6Fh1Gs", "AIzaFAKEq8Vz3LmN7pR2tY5wXb9Kc4Jd6Fh1Gs"),
        ("https://b.s3.amazonaws.com/o?X-Amz-Credential=AKIAK66ZUI982CXEX0CE%2F20260101&X-Amz-Signature=4f9ce1d0a2b3",
         "4f9ce1d0a2b3"),
        ("https://acct.blob.core.windows.net/c/f?sv=2024-01-01&se=2026-12-31&sig=Zm9vYmFyYmF6cXV4%3D", "Zm9vYmFyYmF6cXV4%3D"),
        ("host=db.internal port=5432 user=app password=Tr0ub4dor-3", "Tr0ub4dor-3"),
        ("Server=tcp:db,1433;Database=prod;Uid=app;Pwd=Sup3rSecret!;", "Sup3rSecret!"),
        ("pg_dump --password=correct-horse-battery prod", "correct-horse-battery"),
        ("GITHUB_TOKEN=anything-here-1234", "anything-here-1234"),
        ("client_id=app&client_secret=9a8b7c6d5e4f3a2b1c0d", "9a8b7c6d5e4f3a2b1c0d"),
        ("curl -H 'Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0' https://api.example.com", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        ("gh_EdTV1wjcBzsqGg7UVKY0VDKbOIpeBVxPLUIw6va0Ey4", "gh_EdTV1wjcBzsqGg7UVKY0VDKbOIpeBVxPLUIw6va0Ey4"),
        ("my token is gh_EdTV1wjcBzsqGg7UVKY0VDKbOIpeBVxPLUIw6va0Ey4.", "EdTV1wjcBzsqGg7UVKY0VDKbOIpeBVxPLUIw6va0Ey4"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU="),
        ("xoxe-1-My1xLTIxMTIzNDU2Nzg5MC1BQkNE", "My1xLTIxMTIzNDU2Nzg5MC1BQkNE"),
    ]

    /// Text that looks a little like a credential and must be kept as it is.
    static let lookAlikes: [String] = [
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
        "9fceb02d0ae598e95dc970b74767f19372d61af8",
        "9FCEB02D0AE598E95DC970B74767F19372D61AF8",
        "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
        "9dd4e461268c8034f5c8564e155c67a6",
        "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/",
        "2026-11-30T15:00:00.123Z",
        "https://example.com/docs?page=2&sort=name",
        "https://git@github.com/org/repo.git",
        "ssh://git@github.com:22/org/repo",
        "ada@example.com",
        "mailto:ada@example.com?subject=hello",
        "http://localhost:8080/mcp/demo",
        "AKIA is how AWS access key ids start",
        "AKIASHORT12345",
        "tokens start with ghp_ or gho_",
        "sk_live_",
        "pk_live_51HqLyjWDarjtT1zdp7dcXYZabc",
        "the xoxb- prefix marks a bot token",
        "eyJhbGciOiJIUzI1NiJ9",
        "eyJhbGciOiJub25lIn0.only-one-dot",
        "1.2.3-beta.4",
        "getUserAccountSettingsForOrganization204",
        "Basic authentication is required",
        "Bearer tokens are described in RFC 6750",
        "password reset link sent to ada@example.com",
        "https://example.com/search?q=key",
        "https://example.com/search?keyword=secret",
        "SELECT * FROM users WHERE id = 5 AND token_count >= 3",
        "a == b",
        "/usr/local/bin/python3.11",
        #"C:\Users\ada\Documents\report.docx"#,
        "Slack channel C024BE91L",
        "01HZX3K8M5N7P9Q2R4S6T8V0W2",
        "price=42&currency=EUR",
        "the sig= parameter signs the URL",
        "api-server-7d9c6b5f4-x2k8p",
        "git@github.com:org/repo.git",
    ]

    @Test func theTablesAreBigEnoughToMeanSomething() {
        #expect(Self.secrets.count >= 30)
        #expect(Self.lookAlikes.count >= 30)
    }

    @Test(arguments: secrets)
    func aCredentialIsRedactedWhateverItsKey(text: String, secret: String) throws {
        let recorded = try #require(AuditArgumentsMode.redacted.record(["note": .string(text), "list": [.string(text)]]))
        #expect(!recorded.contains(secret), "kept \(secret) in \(recorded)")
        #expect(recorded.contains("[redacted]"))
    }

    @Test(arguments: lookAlikes)
    func aLookAlikeIsKept(text: String) {
        #expect(ArgumentRedactor.redact(.string(text)) == .string(text))
        #expect(SecretScanner.redacting(text) == nil)
    }

    @Test func onlyTheSecretPartOfATextIsReplaced() {
        #expect(SecretScanner.redacted("postgres://app:pw@db/prod?sslmode=require") == "postgres://app:[redacted]@db/prod?sslmode=require")
        #expect(SecretScanner.redacted("GET /items?access_token=abc&limit=10") == "GET /items?access_token=[redacted]&limit=10")
        #expect(SecretScanner.redacted("keys AKIAK66ZUI982CXEX0CE and ghp_0Zx72nG4SAl8Lntd0wIjF6X8JEviidNk7j1I")
                == "keys [redacted] and [redacted]")
        #expect(SecretScanner.redacted("") == "")
    }

    @Test(arguments: [
        ("pwd", true), ("PWD", true), ("pass", true), ("pw", true), ("db_pass", true), ("DB_PASS", true), ("dbPass", true),
        ("admin-pwd", true), ("client_secret", true), ("refresh_token", true), ("next_page_token", true), ("sig", true),
        ("passenger", false), ("compass", false), ("bypass", false), ("passage", false), ("signup", false), ("design", false),
    ])
    func secretKeysIncludePasswordsAndTokensByAnyName(key: String, secret: Bool) {
        #expect(ArgumentRedactor.isSecretKey(key) == secret)
    }
}
