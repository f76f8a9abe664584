import JSON
import NIOCore
import Policy
import Testing
@testable import Gateway

@Suite struct ToolListFilterTests {
    static let listing = #"{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"findManyPeople","description":"List \"people\"","inputSchema":{"type":"object"}}, {"name":"deleteOnePerson","inputSchema":{}},{"inputSchema":{},"name":"findManyConnectedAccounts"}],"nextCursor":"abc"}}"#

    static let policy = try! CompiledPolicy(text: """
        {"version": "1", "default": "deny", "tools": {
          "findMany*": {},
          "findManyConnectedAccounts": {"hide": true},
          "deleteOne*": {"action": "deny", "reason": "never"}}}
        """)

    @Test func removesHiddenAndDeniedToolsAndKeepsTheRestByteForByte() throws {
        let filter = ToolListFilter(isListed: Self.policy.isListed)
        let (filtered, removed, kept) = filter.filter(try JSONRPCMessage.parse(Self.listing))
        #expect(removed == ["deleteOnePerson", "findManyConnectedAccounts"])
        #expect(kept == 1)
        #expect(String(buffer: filtered)
            == #"{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"findManyPeople","description":"List \"people\"","inputSchema":{"type":"object"}}],"nextCursor":"abc"}}"#)
        #expect(try JSONParser.parse(String(buffer: filtered)) != nil)
    }

    @Test func leavesAListingWithNothingToRemoveUntouched() throws {
        let filter = ToolListFilter { _ in true }
        let message = try JSONRPCMessage.parse(Self.listing)
        let (filtered, removed, kept) = filter.filter(message)
        #expect(removed.isEmpty)
        #expect(kept == 3)
        #expect(filtered == message.bytes)
    }

    @Test func canRemoveEveryTool() throws {
        let filter = ToolListFilter { _ in false }
        let (filtered, removed, _) = filter.filter(try JSONRPCMessage.parse(Self.listing))
        #expect(removed.count == 3)
        #expect(String(buffer: filtered) == #"{"jsonrpc":"2.0","id":2,"result":{"tools":[],"nextCursor":"abc"}}"#)
    }

    @Test func removesToolsWithoutANameBecauseNoPolicyCanAllowThem() throws {
        let filter = ToolListFilter { _ in true }
        let message = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"},{"name":5},{}]}}"#)
        let (filtered, removed, _) = filter.filter(message)
        #expect(removed.count == 2)
        #expect(String(buffer: filtered) == #"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"}]}}"#)
    }

    @Test func leavesErrorsAndOtherResultsAlone() throws {
        let filter = ToolListFilter { _ in false }
        for text in [#"{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"x"}}"#, #"{"jsonrpc":"2.0","id":1,"result":{}}"#,
                     #"{"jsonrpc":"2.0","id":1,"result":{"tools":"odd"}}"#] {
            let message = try JSONRPCMessage.parse(text)
            #expect(filter.filter(message).message == message.bytes)
        }
    }

    @Test func keepsPrettyPrintedListingsValid() throws {
        let text = "{\n  \"jsonrpc\": \"2.0\",\n  \"id\": 1,\n  \"result\": {\n    \"tools\": [\n      {\"name\": \"a\"},\n      {\"name\": \"b\"}\n    ]\n  }\n}"
        let filter = ToolListFilter { $0 == "b" }
        let (filtered, _, _) = filter.filter(try JSONRPCMessage.parse(text))
        let value = try JSONParser.parse(String(buffer: filtered))
        #expect(value["result"]?["tools"] == [["name": "b"]])
    }
}
