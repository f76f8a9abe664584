import ArgumentParser
import Logging
import Store

/// `--data DIR` and `--store URL`: where Gatehouse's state lives, the same on every command
/// that touches it (`serve`, `grant`, `audit`, …).
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The folder holding the SQLite state file (gatehouse.sqlite).", valueName: "dir"))
    var data = "data"

    @Option(name: .long, help: ArgumentHelp(
        "Shared state in PostgreSQL (postgres://user:password@host:5432/db) instead of SQLite in --data. "
            + "Overrides the configuration's \"store\".", valueName: "url"))
    var store: String?

    /// `--store`, else the configuration's `store` when there is one, else SQLite in `--data`.
    func location(configured: String? = nil) throws -> StoreLocation {
        do {
            return try StoreLocation.resolve(store: store ?? configured, dataDirectory: data)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens every store at the resolved location for the duration of `body`; store failures
    /// become a plain message and exit status 1.
    func withStores<Result: Sendable>(configured: String? = nil, _ body: @Sendable (StateStores) async throws -> Result) async throws -> Result {
        let location = try location(configured: configured)
        do {
            // A command prints its result, not the pool's chatter (migrations applied, reconnects).
            var logger = Logger(label: "gatehouse.store")
            logger.logLevel = .warning
            return try await StateStores.withOpen(location, logger: logger, body)
        } catch let error as StoreError {
            throw CommandFailure("gatehouse: \(error)")
        }
    }
}
