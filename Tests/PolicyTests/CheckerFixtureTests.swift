import Foundation
import Testing
@testable import Policy

/// Every error the checker can report has a fixture named after it in Fixtures/invalid, with
/// the exact expected output beside it (`<name>.expected`: one `pointer: message` per line).
@Suite struct CheckerFixtureTests {
    static let invalid = Fixtures.names(in: "invalid")
    static let valid = Fixtures.names(in: "valid")

    @Test(arguments: invalid)
    func reportsExpectedProblems(fixture: String) {
        let result = PolicyChecker.check(text: Fixtures.text("invalid", fixture))
        let actual = result.problems.map(\.description).joined(separator: "\n") + "\n"
        #expect(!result.isValid, "\(fixture) should be invalid")
        if Fixtures.recording {
            Fixtures.write(actual, to: "invalid", fixture, extension: "expected")
        } else {
            #expect(actual == Fixtures.text("invalid", fixture, extension: "expected"), "fixture \(fixture)")
        }
    }

    @Test(arguments: valid)
    func acceptsValidDocument(fixture: String) throws {
        let result = PolicyChecker.check(text: Fixtures.text("valid", fixture))
        #expect(result.problems.isEmpty, "\(result.problems)")
        _ = try CompiledPolicy(#require(result.document))
    }

    @Test func everyFixtureHasItsExpectedOutput() {
        for fixture in Self.invalid where !Fixtures.recording {
            #expect(!Fixtures.text("invalid", fixture, extension: "expected").isEmpty, "missing \(fixture).expected")
        }
    }

    @Test func reportsAllProblemsAtOnce() {
        let result = PolicyChecker.check(text: Fixtures.text("invalid", "many-problems-at-once"))
        #expect(result.errors.count >= 6)
    }
}
