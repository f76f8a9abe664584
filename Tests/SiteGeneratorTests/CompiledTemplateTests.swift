import Mustache
import Testing
@testable import SiteGenerator

/// A template rendered without Mustache must give exactly what Mustache gives: the same text
/// around standalone tags, the same lookups up the stack, the same sections for every kind of value.
@Suite struct CompiledTemplateTests {
    struct Item: TemplateModel {
        var name: String
        var note: String = ""
        var current = false

        static let fields = TemplateFields<Item>([
            "name": .text { $0.name }, "note": .text { $0.note }, "current": .value { $0.current },
        ])
    }

    struct Page: TemplateModel {
        var title = #"<b>"Tools" & 'more'</b> *star* [link](x)"#
        var empty = ""
        var items = [Item(name: "First", note: "a note", current: true), Item(name: "Second")]
        var none: [Item] = []
        var words = ["alpha", "beta"]
        var flag = true
        var off = false
        var inner = Item(name: "Inner")

        static let fields = TemplateFields<Page>([
            "title": .text { $0.title }, "empty": .text { $0.empty }, "items": .models { $0.items }, "none": .models { $0.none },
            "words": .texts { $0.words }, "flag": .value { $0.flag }, "off": .value { $0.off }, "inner": .model { $0.inner },
            "count": .number { $0.items.count },
        ])
    }

    static let partials = [
        "row": "<li>{{name}}{{#current}} (here){{/current}}</li>\n",
        "block": "{{#flag}}\nflag on\n{{/flag}}\n{{title}}\n",
    ]

    static let sources = [
        "{{title}} {{{title}}} {{&title}} {{missing}} {{count}}\n",
        "{{#items}}\n- {{name}}: {{note}}{{^note}}none{{/note}}\n{{/items}}\n{{^none}}\nnothing\n{{/none}}\n",
        "  {{#flag}}  \n  indented on\n  {{/flag}}\n{{^off}}off is off{{/off}}\n{{#off}}never{{/off}}\n",
        "{{#words}}[{{.}}]{{/words}}{{^words}}no words{{/words}}\n{{#empty}}not shown{{/empty}}{{^empty}}shown{{/empty}}\n",
        "{{inner.name}} {{#inner}}{{name}} in {{title}}{{/inner}}\n{{#items}}{{title}}/{{name}}\n{{/items}}",
        "{{^empty(items)}}\n## Items\n\n{{#items}}\n{{> row}}\n{{/items}}\n{{/empty(items)}}\n{{^empty(none)}}hidden{{/empty(none)}}\n",
        "{{! a comment }}\n  {{! an indented comment }}\ntext {{! inline }} after\n{{> block}}\nend",
        "x {{#flag}}\ninline open\n{{/flag}} y\n  \n{{title}}   \n   trailing",
        "{ not a tag } {{#items}}{{#current}}{{name}} is current{{/current}}{{/items}}\n\n\n",
    ]

    @Test(arguments: sources, [TemplateKind.html, .markdown])
    func compiledRenderingGivesExactlyWhatMustacheRenders(source: String, kind: TemplateKind) throws {
        HTMLContentType.register()
        MarkdownContentType.register()
        var library = MustacheLibrary()
        var compiled: [String: CompiledTemplate] = [:]
        for (name, text) in Self.partials {
            library.register(try SiteTemplates.compile(text, kind: kind), named: name)
            let partial = try #require(CompiledTemplate(source: SiteTemplates.pragma(kind) + text, contentType: kind.contentType))
            compiled[name] = partial
        }
        library.register(try SiteTemplates.compile(source, kind: kind), named: "page")
        let form = try #require(CompiledTemplate(source: SiteTemplates.pragma(kind) + source, contentType: kind.contentType))
        let expected = try #require(library.render(TemplateBox(Page()), withTemplate: "page"))
        #expect(form.render(Page(), partials: compiled) == expected)
    }

    @Test(arguments: ["{{=<% %>=}}", "{{$block}}x{{/block}}", "{{uppercased(title)}}", "x\n  {{> row}}\n", "{{#first()}}x{{/first()}}", "{{#a}}"])
    func templatesOutsideTheSubsetAreLeftToMustache(source: String) {
        #expect(CompiledTemplate(source: SiteTemplates.pragma(.html) + source, contentType: TemplateKind.html.contentType) == nil)
    }

    @Test func aFlagPrintedAsAVariableIsLeftToMustache() throws {
        let form = try #require(CompiledTemplate(source: SiteTemplates.pragma(.html) + "{{flag}}", contentType: TemplateKind.html.contentType))
        #expect(form.render(Page(), partials: [:]) == nil)
    }
}
