import Testing
@testable import Policy

/// A path argument's readings — as written, percent-decoded once, Unicode-normalised — each
/// resolved lexically; what no reading can settle is refused.
@Suite struct PathParserTests {
    /// Readings are written one after the other, separated by " | ".
    typealias Case = ParseCase<PathRefusal>

    static let cases: [Case] = [
        Case("/srv/docs/a.txt", "/srv/docs/a.txt"),
        Case("//srv//docs///a.txt/", "/srv/docs/a.txt"),
        Case("/srv/./docs/sub/../a.txt", "/srv/docs/a.txt"),
        Case("/../../srv", "/srv"),
        Case("/", "/"),
        Case("file:///srv/docs/a.txt", "/srv/docs/a.txt"),
        Case("FILE://LocalHost/srv/docs/a.txt", "/srv/docs/a.txt"),
        Case("file:/srv/docs/a.txt", "/srv/docs/a.txt"),
        Case("file:////srv/docs/a.txt", "/srv/docs/a.txt"),
        Case("file:///srv/docs/..%2f..%2fetc%2fhostname", "/srv/docs/..%2f..%2fetc%2fhostname | /etc/hostname"),
        Case("/srv/docs/%2e%2e/x", "/srv/docs/%2e%2e/x | /srv/x"),
        Case("/srv/docs/my%20file.pdf", "/srv/docs/my%20file.pdf | /srv/docs/my file.pdf"),
        Case("/srv/docs/100%.txt", "/srv/docs/100%.txt"),
        Case("/srv/docs/\u{2025}/x", "/srv/docs/\u{2025}/x | /srv/x"),
        Case("/srv/docs/caf\u{E9}", "/srv/docs/caf\u{E9}"),
        Case("srv/docs", refused: .notAbsolute),
        Case("", refused: .notAbsolute),
        Case("~/docs", refused: .notAbsolute),
        Case("file:srv/docs", refused: .notAbsolute),
        Case("file://", refused: .notAbsolute),
        Case("https://good.com/srv/docs", refused: .notFileScheme),
        Case("C:/srv/docs", refused: .notFileScheme),
        Case("file://server/share/a", refused: .remoteHost),
        Case("file://%6cocalhost/srv", refused: .remoteHost),
        Case("file:///srv/docs/a?x", refused: .queryOrFragment),
        Case("file:///srv/docs/a#x", refused: .queryOrFragment),
        Case("/srv/docs/a\u{0}", refused: .controlCharacter),
        Case("/srv/docs/a%00.pdf", refused: .controlCharacter),
        Case("/srv/docs/a%0a", refused: .controlCharacter),
        Case("/srv/docs/\u{7F}", refused: .controlCharacter),
        Case("/srv/docs\\..\\x", refused: .backslash),
        Case("/srv/docs/%5c", refused: .backslash),
        Case("/srv/docs/\u{FF3C}", refused: .backslash),
        Case("/srv/docs/%252e%252e/x", refused: .doubleEncoded),
        Case("/srv/docs/%%32%65", refused: .doubleEncoded),
        Case("/srv/docs/%c0%ae%c0%ae/x", refused: .notUTF8),
        Case("/srv/docs/.../x", refused: .dotsOnlyName),
        Case("/srv/docs/....//x", refused: .dotsOnlyName),
        Case("/srv/docs/.. /x", refused: .dotsOnlyName),
        Case("/srv/docs/\u{2026}/x", refused: .dotsOnlyName),
    ]

    @Test(arguments: cases)
    func reads(_ c: Case) {
        let actual = PathParser.readings(of: c.input).map { $0.map(\.description).joined(separator: " | ") }
        #expect(actual == c.expected)
    }

    @Test func withinComparesWholeSegments() throws {
        let docs = try PathParser.directory("/srv/docs/").get()
        let inside = try PathParser.readings(of: "/srv/docs/a").get()[0]
        let sibling = try PathParser.readings(of: "/srv/docs2/a").get()[0]
        let itself = try PathParser.readings(of: "/srv/docs").get()[0]
        #expect(inside.isWithin(docs) && itself.isWithin(docs) && !sibling.isWithin(docs))
        #expect(sibling.isWithin(try PathParser.directory("/").get()))
    }

    @Test func directoriesMustBeWrittenPlainly() {
        #expect(PathParser.directory("srv/docs") == .failure(.notAbsolute))
        #expect(PathParser.directory("/srv/../etc") == .failure(.dotSegment))
        #expect(PathParser.directory("/srv/./docs") == .failure(.dotSegment))
        #expect(PathParser.directory("/srv/%2e%2e") == .failure(.unsafeCharacter))
        #expect(PathParser.directory("/srv\\docs") == .failure(.unsafeCharacter))
        #expect((try? PathParser.directory("//srv//docs//").get())?.description == "/srv/docs")
    }
}
