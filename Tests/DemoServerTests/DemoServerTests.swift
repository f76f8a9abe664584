import JSON
import Testing
@testable import DemoServer

@Suite struct DemoServerTests {
    /// Sends one request and returns the decoded answer.
    static func ask(_ server: inout DemoServer, _ method: String, _ params: JSONValue = .emptyObject) throws -> JSONValue {
        let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": params]
        let answer = server.handle(JSONWriter().bytes(request))
        return try JSONParser.parse(bytes: try #require(answer))
    }

    static func resultText(_ answer: JSONValue) throws -> JSONValue {
        try JSONParser.parse(try #require(answer["result"]?["content"]?[0]?["text"]?.stringValue))
    }

    @Test func negotiatesTheRequestedRevisionWhenItKnowsIt() throws {
        var server = DemoServer()
        let answer = try Self.ask(&server, "initialize", ["protocolVersion": "2025-06-18", "capabilities": [:],
                                                          "clientInfo": ["name": "t", "version": "1"]])
        #expect(answer["result"]?["protocolVersion"] == "2025-06-18")
        let newer = try Self.ask(&server, "initialize", ["protocolVersion": "2099-01-01"])
        #expect(newer["result"]?["protocolVersion"] == "2025-11-25")
    }

    @Test func listsFifteenTwentyShapedTools() throws {
        var server = DemoServer()
        let tools = try #require(try Self.ask(&server, "tools/list")["result"]?["tools"]?.arrayValue)
        let names = tools.compactMap { $0["name"]?.stringValue }
        #expect(names.count == 15)
        #expect(names.contains("UpdateOneConnectedAccount"))
        #expect(names.contains("findManyPeople"))
        #expect(names.contains("deleteOneCompany"))
    }

    @Test func createsFindsUpdatesAndDeletesAPerson() throws {
        var server = DemoServer()
        let created = try Self.resultText(try Self.ask(&server, "tools/call", ["name": "createOnePerson", "arguments": [
            "requestBody": ["name": ["firstName": "Katherine", "lastName": "Johnson"], "city": "Hampton"]]]))
        let id = try #require(created["person"]?["id"]?.stringValue)
        let found = try Self.resultText(try Self.ask(&server, "tools/call", ["name": "findManyPeople", "arguments": ["search": "katherine"]]))
        #expect(found["totalCount"] == 1)
        let updated = try Self.resultText(try Self.ask(&server, "tools/call", ["name": "UpdateOnePerson", "arguments": [
            "id": .string(id), "requestBody": ["jobTitle": "Mathematician"]]]))
        #expect(updated["person"]?["jobTitle"] == "Mathematician")
        #expect(updated["person"]?["city"] == "Hampton")
        _ = try Self.ask(&server, "tools/call", ["name": "deleteOnePerson", "arguments": ["id": .string(id)]])
        let missing = try Self.ask(&server, "tools/call", ["name": "findOnePerson", "arguments": ["id": .string(id)]])
        #expect(missing["result"]?["isError"] == true)
    }

    @Test func connectedAccountsCarryTokens() throws {
        var server = DemoServer()
        let accounts = try Self.resultText(try Self.ask(&server, "tools/call", ["name": "findManyConnectedAccounts", "arguments": [:]]))
        #expect(accounts["connectedAccounts"]?[0]?["accessToken"]?.stringValue?.isEmpty == false)
    }

    @Test func refusesUnknownFieldsAsAToolError() throws {
        var server = DemoServer()
        let answer = try Self.ask(&server, "tools/call", ["name": "createOneCompany", "arguments": ["requestBody": ["colour": "red"]]])
        #expect(answer["result"]?["isError"] == true)
        #expect(try Self.resultText(answer)["error"]?.stringValue?.contains("no field 'colour'") == true)
    }

    @Test func answersUnknownToolsAndMethodsWithProtocolErrors() throws {
        var server = DemoServer()
        #expect(try Self.ask(&server, "tools/call", ["name": "nope"])["error"]?["code"] == -32602)
        #expect(try Self.ask(&server, "resources/list")["error"]?["code"] == -32601)
    }

    @Test func ignoresNotificationsAndAnswersGarbageWithAParseError() throws {
        var server = DemoServer()
        let silence = server.handle(Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
        #expect(silence == nil)
        let garbage = server.handle(Array("not json".utf8))
        let answer = try JSONParser.parse(bytes: try #require(garbage))
        #expect(answer["error"]?["code"] == -32700)
    }
}
