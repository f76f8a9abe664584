import Foundation
import Mustache
import Testing
@testable import SiteGenerator

/// A template simple enough to be filled in must give exactly what Mustache gives.
@Suite struct FillInTemplateTests {
    struct Card: TemplateModel {
        var title: String
        var bodyHTML: String
        var tags: [Label] = []

        static let fields = TemplateFields<Card>([
            "title": .text { $0.title }, "bodyHTML": .text { $0.bodyHTML }, "tags": .models { $0.tags }, "flag": .value { _ in true },
        ])
    }

    static let hostile = Card(title: #"<script>alert("x")</script> & 'quotes' {{title}}"#, bodyHTML: "<p>kept as is</p>")

    func form(_ source: String, kind: TemplateKind = .html) throws -> FillInTemplate? {
        FillInTemplate(source: source, compiled: try compiled(source, kind: kind), contentType: kind.contentType)
    }

    func mustache(_ source: String, kind: TemplateKind = .html, _ model: Card) throws -> String {
        try compiled(source, kind: kind).render(TemplateBox(model))
    }

    func compiled(_ source: String, kind: TemplateKind) throws -> MustacheTemplate {
        HTMLContentType.register()
        MarkdownContentType.register()
        return try SiteTemplates.compile(source, kind: kind)
    }

    @Test(arguments: [
        "<h1>{{title}}</h1>\n{{{bodyHTML}}}\n<p title=\"{{title}}\">{{&bodyHTML}}</p>{{missing}}",
        "{{! a comment on its own line }}\n<title>{{ title }}</title>\n",
        "no fields at all\n",
    ])
    func fillingInGivesExactlyWhatMustacheRenders(source: String) throws {
        let form = try #require(try form(source))
        #expect(form.fill(Self.hostile) == (try mustache(source, Self.hostile)))
    }

    @Test func markdownTemplatesEscapeForMarkdown() throws {
        let source = "# {{title}}\n\n*{{title}}*\n"
        let form = try #require(try form(source, kind: .markdown))
        #expect(form.fill(Self.hostile) == (try mustache(source, kind: .markdown, Self.hostile)))
    }

    @Test(arguments: [
        "{{#tags}}{{name}}{{/tags}}", "{{^title}}none{{/title}}", "{{> partial}}", "{{uppercased(title)}}", "{{tags.first}}", "{{.}}",
        "a private-use marker \u{E000}0\u{E001} in the text {{title}}",
    ])
    func templatesOnlyMustacheCanRenderAreLeftToIt(source: String) throws {
        #expect(try form(source) == nil)
    }

    @Test func aFieldThatIsNotTextIsLeftToMustache() throws {
        let form = try #require(try form("{{title}} {{flag}}"))
        #expect(form.fill(Self.hostile) == nil)
    }

    @Test func theSitesLayoutAndSmallPartialsAreFilledIn() throws {
        let templates = try SiteTemplates.load(from: SiteFixture.templates)
        #expect(templates.fillIns["layout"] != nil)
        #expect(templates.fillIns["policy"] != nil)
        #expect(templates.fillIns["tool"] == nil)
    }
}
