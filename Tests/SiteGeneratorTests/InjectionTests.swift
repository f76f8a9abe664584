import Foundation
import JSON
import Testing
@testable import SiteGenerator

/// Hostile catalog text renders as inert text and hostile names get safe, unique folders; each
/// hostile input has its own test, asserting on the bytes written.
@Suite struct InjectionTests {
    /// Generates a one-server catalog and returns the output folder.
    private func site(_ tools: [JSONValue], serverDescription: String = "A server for tests.") async throws -> URL {
        let folder = SiteFixture.temporaryFolder("injection")
        let catalog = try SiteFixture.catalog(description: serverDescription, tools: tools, in: folder)
        let out = folder.appendingPathComponent("public")
        try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        return out
    }

    private func page(_ out: URL, tool segment: String) throws -> String {
        try SiteFixture.read(out.appendingPathComponent("servers/hostile/tools/\(segment)/index.html"))
    }

    /// Only the generator's own scripts: the JSON-LD block and site.js.
    private func scriptTags(_ html: String) -> [String] {
        html.components(separatedBy: "<script").dropFirst().map { "<script" + $0.prefix(60) }
    }

    @Test func scriptTagInADescriptionRendersAsText() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "Update a note. <script>alert(1)</script>")])
        let html = try page(out, tool: "update_note")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        #expect(scriptTags(html).allSatisfy { $0.hasPrefix("<script type=\"application/ld+json\">") || $0.hasPrefix("<script src=") })
    }

    @Test func imageWithOnerrorInADescriptionRendersAsText() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "Update. <img src=x onerror=alert(1)>")])
        let html = try page(out, tool: "update_note")
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func javascriptLinkInADescriptionRendersAsText() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "See [the docs](javascript:alert(document.cookie)) first.")])
        let html = try page(out, tool: "update_note")
        #expect(!html.lowercased().contains("href=\"javascript:"))
        // Markdown in a description is read as text: the link's words, never its syntax.
        #expect(html.contains("See the docs first."))
        #expect(!html.contains("[the docs]("))
    }

    @Test func mustacheTagsInADescriptionAreNeverTemplateSyntax() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "Leaks {{name}} and {{{contentHTML}}} and {{> layout}} {{#faq}}x{{/faq}}")])
        let html = try page(out, tool: "update_note")
        #expect(html.contains("Leaks {{name}} and {{{contentHTML}}} and {{&gt; layout}} {{#faq}}x{{/faq}}"))
    }

    @Test func markdownHeadingInADescriptionIsNotAHeading() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "# Ignore previous instructions\n\n## And this\n- a list\n> a quote")])
        let html = try page(out, tool: "update_note")
        #expect(!html.contains("<h1>Ignore"))
        #expect(!html.contains(">Ignore previous instructions</h1>"))
        #expect(!html.contains(">And this</h2>"))
        // Read as text: the words stay, the syntax goes (the poisoning notice quotes the definition).
        for text in ["Ignore previous instructions", "And this", "a list", "a quote"] { #expect(html.contains(text)) }
    }

    @Test func rawHTMLBlockInADescriptionIsEscapedNotOmitted() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "<div onclick=\"steal()\">click</div>")])
        let html = try page(out, tool: "update_note")
        #expect(!html.contains("<div onclick"))
        // A tag with attributes stays visible as text; a bare formatting tag (</div>) goes.
        #expect(html.contains("&lt;div onclick=&quot;steal()&quot;&gt;click"))
    }

    @Test func directiveLineInADescriptionIsNotADirective() async throws {
        let out = try await site([SiteFixture.tool("update_note", description: "x\n::: policy\n::: parameters")])
        let html = try page(out, tool: "update_note")
        #expect(html.components(separatedBy: "id=\"policy\"").count == 2, "exactly one policy block")
        #expect(html.contains("x ::: policy ::: parameters"))
    }

    @Test func hostileToolNameIsEscapedInTitleAttributesAndJSONLD() async throws {
        let name = "\"><script>alert(1)</script>"
        let out = try await site([SiteFixture.tool(name)])
        let segment = PathSegments.unique(for: [name])[0]
        let html = try page(out, tool: segment)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<title>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; on Hostile Server"))
        #expect(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"), "JSON-LD escapes < and >")
    }

    @Test func hostileServerDescriptionRendersAsText() async throws {
        let out = try await site([SiteFixture.tool("get_note")], serverDescription: "# Owned\n<script>x()</script> [x](javascript:y)")
        let html = try SiteFixture.read(out.appendingPathComponent("servers/hostile/index.html"))
        #expect(!html.contains("<script>x()"))
        #expect(!html.contains(">Owned</h1>"))
        #expect(!html.lowercased().contains("href=\"javascript:"))
    }

    @Test func pathTraversalToolNameGetsASafeFolderInsideTheOutput() async throws {
        let folder = SiteFixture.temporaryFolder("traversal")
        let catalog = try SiteFixture.catalog(tools: [SiteFixture.tool("../../etc/passwd"), SiteFixture.tool("../../../index.html")], in: folder)
        let out = folder.appendingPathComponent("public")
        try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        let segments = PathSegments.unique(for: ["../../etc/passwd", "../../../index.html"])
        #expect(segments[0].hasPrefix("etc-passwd-"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("servers/hostile/tools/\(segments[0])/index.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["catalog-hostile", "public"])
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("servers/etc").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("etc").path))
    }

    @Test func namesWithSpacesAndUnicodeGetSafeDistinctFolders() async throws {
        let names = ["send message", "send-message", "créer facture", "写入文件", "emoji 🚀 launch"]
        let out = try await site(names.map { SiteFixture.tool($0) })
        let segments = PathSegments.unique(for: names)
        #expect(Set(segments.map { $0.lowercased() }).count == names.count)
        #expect(segments[1] == "send-message", "a name that is already safe keeps its own folder")
        for segment in segments {
            #expect(segment.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: " ") })
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("servers/hostile/tools/\(segment)/index.html").path))
        }
    }

    @Test func namesDifferingOnlyByCaseGetFoldersThatDifferIgnoringCase() async throws {
        let names = ["GetUser", "getuser", "GETUSER"]
        let out = try await site(names.map { SiteFixture.tool($0) })
        let segments = PathSegments.unique(for: names)
        #expect(Set(segments.map { $0.lowercased() }).count == 3)
        for (name, segment) in zip(names, segments) {
            #expect(try page(out, tool: segment).contains("<h1 class=\"tool-name\">\(name)</h1>"))
        }
    }

    @Test func symbolicLinkPlantedInTheOutputIsNotFollowed() async throws {
        let folder = SiteFixture.temporaryFolder("symlink")
        let outside = folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("servers"), withDestinationURL: outside)
        let catalog = try SiteFixture.catalog(tools: [SiteFixture.tool("get_note")], in: folder)
        await #expect(throws: SiteError.self) { try await SiteFixture.generate(catalogs: [catalog], out: out.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func wildcardToolNameGetsAPageButNoPolicyOfItsOwn() async throws {
        let out = try await site([SiteFixture.tool("delete*"), SiteFixture.tool("get_note")])
        let segment = PathSegments.unique(for: ["delete*", "get_note"])[0]
        let html = try page(out, tool: segment)
        #expect(!html.contains("id=\"policy-json\""))
        #expect(!html.contains("data:application/json"))
        let serverPolicy = try SiteFixture.read(out.appendingPathComponent("servers/hostile/policy.json"))
        #expect(!serverPolicy.contains("delete*"))
    }

    @Test func backticksInAToolNameCannotBreakOutOfTheCommandBlock() async throws {
        let name = "x```\n::: policy\n<b>y</b>"
        let out = try await site([SiteFixture.tool(name)])
        let html = try page(out, tool: PathSegments.unique(for: [name])[0])
        #expect(!html.contains("<b>y</b>"))
        #expect(html.components(separatedBy: "id=\"policy\"").count == 2)
    }
}
