import Foundation
import Testing
@testable import SiteGenerator

/// A missing or broken template is an error that names the template and the line.
@Suite struct TemplateErrorTests {
    /// A copy of the project's templates with `changes` applied (nil deletes the file).
    private func templates(_ changes: [String: String?]) throws -> String {
        let folder = SiteFixture.temporaryFolder("templates").appendingPathComponent("templates")
        try FileManager.default.copyItem(atPath: SiteFixture.templates, toPath: folder.path)
        for (file, text) in changes {
            let url = folder.appendingPathComponent(file)
            if let text { try Data(text.utf8).write(to: url) } else { try FileManager.default.removeItem(at: url) }
        }
        return folder.path
    }

    private func problems(_ changes: [String: String?]) throws -> [TemplateProblem] {
        let folder = try templates(changes)
        do {
            _ = try SiteTemplates.load(from: folder)
            return []
        } catch {
            guard case .templates(let problems) = error else { return [] }
            return problems
        }
    }

    @Test func projectTemplatesLoadWithoutProblems() throws {
        #expect(try problems([:]).isEmpty)
    }

    @Test func missingToolTemplateIsNamed() throws {
        let found = try problems(["tool.md.mustache": nil])
        #expect(found.count == 1)
        #expect(found.first?.file.hasSuffix("templates/tool.md.mustache") == true)
        #expect(found.first?.message.contains("missing") == true)
    }

    /// prose.md: an entry gone, a field an entry does not have, a section — each named with its line.
    @Test func proseEntriesAreCheckedWithTheirLines() throws {
        let original = try String(contentsOfFile: SiteFixture.templates + "/prose.md", encoding: .utf8)
        var text = original.replacingOccurrences(of: "## advice.deny\n", with: "## advice.denied\n")
        text = text.replacingOccurrences(of: "Can I rate-limit {{tool}}?", with: "Can I rate-limit {{tools}}?")
        text = text.replacingOccurrences(of: "It touches {{sensitivity}}.", with: "It touches {{#sensitivity}}x{{/sensitivity}}.")
        let found = try problems(["prose.md": text])
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of heading: String) -> Int? { lines.firstIndex { $0 == heading }.map { $0 + 1 } }
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.line == line(of: "## advice.deny") && $0.message.contains("no sentence is called 'advice.denied'") })
        #expect(found.contains { $0.line == nil && $0.message == "missing the entry '## advice.deny'" })
        #expect(found.contains {
            $0.line == line(of: "## faq.rate-limit.question") && $0.message.contains("'faq.rate-limit.question' has no field 'tools' (it has tool)")
        })
        #expect(found.contains { $0.line == line(of: "## faq.risk.touches") && $0.message.contains("may hold only text and {{field}} tags") })
        #expect(found.allSatisfy { $0.file.hasSuffix("templates/prose.md") })
    }

    @Test func unclosedSectionNamesTheFileAndLine() throws {
        let found = try problems(["index.md.mustache": "# Title\n\n{{#servers}}\n- {{name}}\n"])
        #expect(found.map(\.description).contains { $0.contains("index.md.mustache:") && $0.contains("never closed") })
    }

    @Test func sectionClosedWithAnotherNameNamesTheLine() throws {
        let found = try problems(["404.md.mustache": "# Lost\n\n{{#homeURL}}\nx\n{{/root}}\n"])
        let problem = try #require(found.first)
        #expect(problem.file.hasSuffix("404.md.mustache"))
        #expect(problem.line == 5)
    }

    @Test func unknownFieldIsReportedWithItsLineAndADidYouMean() throws {
        let found = try problems(["404.md.mustache": "# Lost\n\n[Home]({{homeUrl}})\n"])
        let problem = try #require(found.first)
        #expect(problem.line == 3)
        #expect(problem.message.contains("unknown field 'homeUrl'"))
        #expect(problem.message.contains("homeURL"))
    }

    @Test func textFieldInsertedUnescapedIntoMarkdownIsAnError() throws {
        let found = try problems(["404.md.mustache": "# Lost\n{{{homeURL}}}\n"])
        #expect(found.first?.message.contains("must be inserted escaped") == true)
        #expect(found.first?.line == 2)
    }

    @Test func htmlFieldInsertedEscapedIntoTheLayoutIsAnError() throws {
        let layout = try String(contentsOfFile: SiteFixture.templates + "/layout.html.mustache", encoding: .utf8)
            .replacingOccurrences(of: "{{{contentHTML}}}", with: "{{contentHTML}}")
        let found = try problems(["layout.html.mustache": layout])
        #expect(found.first?.message.contains("holds HTML") == true)
    }

    @Test func directiveWithoutAnHTMLPartialIsAnError() throws {
        let found = try problems(["404.md.mustache": "# Lost\n\n::: polcy\n"])
        let problem = try #require(found.first)
        #expect(problem.line == 3)
        #expect(problem.message.contains("partials/polcy.html.mustache"))
        #expect(problem.message.contains("did you mean 'policy'"))
    }

    @Test func missingPartialIsAnError() throws {
        let found = try problems(["404.md.mustache": "# Lost\n{{> nowhere}}\n"])
        #expect(found.first?.message.contains("no partial 'nowhere'") == true)
    }

    @Test func generateRefusesBrokenTemplatesBeforeWritingAnything() async throws {
        let folder = try templates(["tool.md.mustache": "{{#faq}}"])
        let out = SiteFixture.temporaryFolder("refused").appendingPathComponent("public")
        await #expect(throws: SiteError.self) {
            try await SiteFixture.generate(catalogs: [SiteFixture.sharedCatalog], out: out.path, templates: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func editedTemplateChangesEveryPage() async throws {
        let tool = try String(contentsOfFile: SiteFixture.templates + "/tool.md.mustache", encoding: .utf8)
        let folder = try templates(["tool.md.mustache": "Edited by a user: {{name}}.\n\n" + tool])
        let out = SiteFixture.temporaryFolder("edited").appendingPathComponent("public")
        try await SiteFixture.generate(catalogs: [SiteFixture.sharedCatalog], out: out.path, templates: folder)
        let page = try SiteFixture.read(out.appendingPathComponent(GoldenPageTests.toolPage))
        #expect(page.contains("<p>Edited by a user: UpdateOneConnectedAccount.</p>"))
    }
}
