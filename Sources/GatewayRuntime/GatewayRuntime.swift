import Gateway
import Logging
import NIOCore
import NIOPosix
import Store

/// The gateway put together once for every front: the stores, what is built on them
/// (``GatewayAssembly``: live policies, enforcer, routes, sessions, approvals, pins) and the
/// background loops that keep it running. `gatehouse serve` runs it behind HTTP
/// (``GatewayService``), `gatehouse stdio` behind one session on stdin and stdout
/// (``StdioFront``); both run the same ``runLoops()``.
///
/// What only `serve` does, and why: ``GatewayAssembly/recover(logger:)`` at start closes what
/// this replica left held or in flight when it last stopped. A `gatehouse stdio` process is a
/// replica of its own, named after its process id, so no earlier process left anything under its
/// name; what a crashed one left held is closed by the abandoned-request sweep of any gateway
/// sharing the store (one of the loops here).
public struct GatewayRuntime: Sendable {
    public let stores: StateStores
    public let assembly: GatewayAssembly
    let logger: Logger

    public init(_ assembly: GatewayAssembly, stores: StateStores, logger: Logger) {
        self.assembly = assembly
        self.stores = stores
        self.logger = logger
    }

    /// The background loops, each running until its task is cancelled:
    /// - the session registry's sweeper (overdue requests, idle upstreams, idle sessions);
    /// - the audit log's writer;
    /// - the policy files' watcher;
    /// - the stores' upkeep (PostgreSQL's pool, listener and probe; SQLite's checkpoints; the
    ///   counters' sweep) — running before ``StateStores/migrate()``, which needs the pool;
    /// - the pin view's refresh, so pins approved in another process take effect here;
    /// - the sweep of approval requests held by gateways that are gone;
    /// - with PostgreSQL, the ``PolicyVersionFollower``: a policy applied through another
    ///   replica is put in force here too. (Processes sharing a SQLite data folder run on one
    ///   machine with the same policy files, which the watcher reloads.)
    public var loops: [@Sendable () async -> Void] {
        let (assembly, stores) = (assembly, stores)
        var loops: [@Sendable () async -> Void] = [
            { await assembly.registry.runSweeper() },
            { await assembly.audit.run() },
            { await assembly.policies.watch() },
            { await stores.run() },
            { await assembly.pins.run() },
            { await assembly.approvals.sweepAbandoned() },
        ]
        if stores.postgres != nil {
            let follower = PolicyVersionFollower(policies: assembly.policies, versions: stores.policyVersions, logger: logger)
            loops.append { await follower.run() }
        }
        return loops
    }

    /// Runs every loop of ``loops`` until the task is cancelled.
    public func runLoops() async {
        await withTaskGroup(of: Void.self) { group in
            for loop in loops {
                group.addTask { await loop() }
            }
        }
    }

    /// Runs Swift concurrency's tasks on SwiftNIO's event loop threads instead of a pool of its
    /// own, so that a request does not hop between the two pools at every await: the gateway's
    /// work is I/O on NIO channels. Call once, first thing, before any other task is started.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
