import JSON
import Testing
@testable import Policy

/// Conditions are strict about types: they never pass by accident.
@Suite struct ConditionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var op: ConditionOperator
        var value: JSONValue?
        var actual: JSONValue?
        var holds: Bool
        var testDescription: String { "\(op.rawValue) \(value.map { "\($0)" } ?? "-") on \(actual.map { "\($0)" } ?? "missing") → \(holds)" }
    }

    static let cases: [Case] = [
        Case(op: .eq, value: "a", actual: "a", holds: true),
        Case(op: .eq, value: 1, actual: 1.0, holds: true),
        Case(op: .eq, value: 1, actual: "1", holds: false),
        Case(op: .eq, value: true, actual: 1, holds: false),
        Case(op: .eq, value: "a", actual: nil, holds: false),
        Case(op: .eq, value: "a", actual: .null, holds: false),
        Case(op: .neq, value: "a", actual: "b", holds: true),
        Case(op: .neq, value: "a", actual: "a", holds: false),
        Case(op: .neq, value: 5, actual: "5", holds: false),
        Case(op: .neq, value: "a", actual: nil, holds: false),
        Case(op: .neq, value: "a", actual: ["a"], holds: false),
        Case(op: .in, value: ["a", "b"], actual: "b", holds: true),
        Case(op: .in, value: ["a", "b"], actual: "c", holds: false),
        Case(op: .in, value: [1, 2], actual: 2.0, holds: true),
        Case(op: .in, value: ["a"], actual: ["a"], holds: false),
        Case(op: .notIn, value: ["a", "b"], actual: "c", holds: true),
        Case(op: .notIn, value: ["a", "b"], actual: "a", holds: false),
        Case(op: .notIn, value: ["a"], actual: nil, holds: false),
        Case(op: .notIn, value: ["a"], actual: .null, holds: false),
        Case(op: .lt, value: 10, actual: 9.5, holds: true),
        Case(op: .lt, value: 10, actual: 10, holds: false),
        Case(op: .lte, value: 50000, actual: 50000, holds: true),
        Case(op: .lte, value: 50000, actual: 50001, holds: false),
        Case(op: .lte, value: 50000, actual: "100", holds: false),
        Case(op: .lte, value: 50000, actual: true, holds: false),
        Case(op: .lte, value: 50000, actual: nil, holds: false),
        Case(op: .gt, value: 0, actual: 1, holds: true),
        Case(op: .gt, value: 0, actual: 0, holds: false),
        Case(op: .gte, value: 0, actual: 0, holds: true),
        Case(op: .gte, value: 0, actual: [1], holds: false),
        Case(op: .regex, value: "^acme/", actual: "acme/web", holds: true),
        Case(op: .regex, value: "^acme/", actual: "x/acme/", holds: false),
        Case(op: .regex, value: "[0-9]+", actual: 123, holds: false),
        Case(op: .regex, value: ".*", actual: nil, holds: false),
        Case(op: .contains, value: "bot", actual: "robot", holds: true),
        Case(op: .contains, value: "bot", actual: ["bug", "bot"], holds: true),
        Case(op: .contains, value: 3, actual: [1, 2, 3], holds: true),
        Case(op: .contains, value: 3, actual: "123", holds: false),
        Case(op: .contains, value: "x", actual: ["a"], holds: false),
        Case(op: .contains, value: "x", actual: ["x": 1], holds: false),
        Case(op: .exists, value: nil, actual: "anything", holds: true),
        Case(op: .exists, value: true, actual: nil, holds: false),
        Case(op: .exists, value: true, actual: .null, holds: false),
        Case(op: .exists, value: false, actual: nil, holds: true),
        Case(op: .exists, value: false, actual: .null, holds: true),
        Case(op: .exists, value: false, actual: 0, holds: false),
    ]

    @Test(arguments: cases)
    func evaluates(_ c: Case) throws {
        let condition = Condition(path: try #require(ArgumentPath("args.x")), op: c.op, value: c.value)
        let compiled = try CompiledCondition(condition, at: .root)
        var arguments = JSONObject()
        if let actual = c.actual { arguments["x"] = actual }
        #expect(compiled.holds(for: .object(arguments)) == c.holds)
    }

    @Test func pathsReachIntoNestedObjectsAndArrays() throws {
        let path = try #require(ArgumentPath("args.items.1.price"))
        let arguments: JSONValue = ["items": [["price": 1], ["price": 2]]]
        #expect(path.resolve(in: arguments) == 2)
        #expect(try #require(ArgumentPath("args.items.9.price")).resolve(in: arguments) == nil)
        #expect(ArgumentPath("amount") == nil)
        #expect(ArgumentPath("args") == nil)
    }
}
