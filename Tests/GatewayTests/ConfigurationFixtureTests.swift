import Foundation
import Testing
@testable import Gateway

/// Every configuration error has a fixture named after it in Fixtures/invalid, with the exact
/// expected output beside it (`<name>.expected`: one problem per line, as `config check` prints).
/// Valid fixtures have their warnings beside them the same way.
@Suite struct ConfigurationFixtureTests {
    static let invalid = GatewayFixtures.names(in: "invalid")
    static let valid = GatewayFixtures.names(in: "valid")

    func problems(_ folder: String, _ name: String) -> (ConfigurationLoadResult, String) {
        let result = ConfigurationLoader.load(file: GatewayFixtures.path(folder, name), environment: GatewayFixtures.environment)
        let text = result.problems.map(\.description).joined(separator: "\n")
        return (result, GatewayFixtures.relative(text.isEmpty ? "" : text + "\n"))
    }

    @Test(arguments: invalid)
    func reportsExpectedProblems(fixture: String) {
        let (result, actual) = problems("invalid", fixture)
        #expect(result.configuration == nil, "\(fixture) should be invalid")
        compare(actual, "invalid", fixture)
    }

    @Test(arguments: valid)
    func acceptsValidConfiguration(fixture: String) {
        let (result, actual) = problems("valid", fixture)
        #expect(result.configuration != nil, "\(actual)")
        compare(actual, "valid", fixture)
    }

    @Test func everyInvalidFixtureHasItsExpectedOutput() {
        for fixture in Self.invalid where !GatewayFixtures.recording {
            #expect(!GatewayFixtures.text("invalid", fixture, extension: "expected").isEmpty, "missing \(fixture).expected")
        }
    }

    @Test func reportsEveryProblemAtOnceAcrossTheConfigurationAndItsPolicies() {
        let (result, _) = problems("invalid", "many-problems-at-once")
        #expect(result.errors.count >= 9)
        #expect(result.errors.contains { $0.file.hasSuffix("policies/broken.json") })
        #expect(result.errors.contains { $0.file.hasSuffix("many-problems-at-once.json") })
    }

    @Test func neverPrintsAnExpandedValue() {
        for folder in ["valid", "invalid"] {
            for fixture in GatewayFixtures.names(in: folder) {
                let (_, text) = problems(folder, fixture)
                for secret in GatewayFixtures.environment.values where secret.contains("secret") {
                    #expect(!text.contains(secret), "\(fixture) printed a secret")
                }
            }
        }
    }

    private func compare(_ actual: String, _ folder: String, _ fixture: String) {
        if GatewayFixtures.recording {
            GatewayFixtures.write(actual, to: folder, fixture, extension: "expected")
        } else {
            #expect(actual == GatewayFixtures.text(folder, fixture, extension: "expected"), "fixture \(folder)/\(fixture)")
        }
    }
}
