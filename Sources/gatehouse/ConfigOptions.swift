import ArgumentParser
import Foundation
import Gateway

/// `--config FILE`: the gateway configuration (`gatehouse.json` in the current folder by default).
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "The gateway configuration (default: gatehouse.json in the current folder).", valueName: "file"))
    var explicitFile: String?

    var file: String { explicitFile ?? ConfigurationLoader.defaultFile }

    /// Reads the configuration alone (no policy files), or prints every error and fails.
    func parse() throws -> GatewayConfiguration {
        let result = ConfigurationLoader.parse(file: file)
        guard let configuration = result.configuration else {
            for problem in result.problems { Console.error(problem.description) }
            throw CommandFailure("gatehouse: \(file) has \(result.errors.count) error(s); see `gatehouse config check --config \(file)`")
        }
        return configuration
    }

    /// The configuration's `store`, so state commands open what `serve` opens: read from
    /// --config, or from ./gatehouse.json when it exists; nil without a configuration.
    func configuredStore() throws -> String? {
        if explicitFile == nil && !FileManager.default.fileExists(atPath: file) { return nil }
        return try parse().store
    }
}
