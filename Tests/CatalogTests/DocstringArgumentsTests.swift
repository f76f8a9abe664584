import Catalog
import JSON
import Testing

/// A Python docstring's `Args:` section describes the inputs the schema leaves bare; the tool is
/// judged on what it says.
@Suite struct DocstringArgumentsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var description: String
        var openWorld: Bool
        var testDescription: String { description.split(separator: "\n").first.map(String.init) ?? "" }
    }

    static let schema = #"{"type": "object", "properties": {"project": {"title": "Project", "type": "string"}}}"#

    static let cases: [Case] = [
        // "The path of the project": a source path on the machine.
        Case(description: "Get the tree structure of a project\n    Args:\n        project: The path of the project\n", openWorld: false),
        Case(description: "Get the tree structure of a project\n\nParameters:\n - project (str): The path of the\n   project to read\nReturns:\n  str: the tree", openWorld: false),
        // Without an Args section, a line with a colon says nothing about the input.
        Case(description: "Get the tree structure of a project\nproject: The path of the project", openWorld: true),
        // After Returns:, lines are not arguments.
        Case(description: "Get the tree structure of a project\nArgs:\n  depth: how deep\nReturns:\n  project: The path of the project", openWorld: true),
    ]

    @Test(arguments: cases)
    func undescribedInputsTakeTheDocstringsWords(_ example: Case) throws {
        let tool = CatalogTool(name: "project_tree", description: example.description, inputSchema: try JSONParser.parse(Self.schema))
        let c = Classifier.classify(tool)
        #expect(c.openWorld == example.openWorld, "\(c.hints.openWorld.because)")
    }

    @Test func aSchemaDescriptionWinsOverTheDocstring() throws {
        let schema = #"{"type": "object", "properties": {"project": {"type": "string", "description": "The project's name on the hosted service"}}}"#
        let tool = CatalogTool(name: "project_tree", description: "Get the tree\nArgs:\n  project: The path of the project", inputSchema: try JSONParser.parse(schema))
        #expect(Classifier.classify(tool).openWorld)
    }
}
