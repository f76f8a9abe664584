import Catalog
import Gateway
import Store

/// What the policy builder, the dashboard and the event stream work with: the catalog, the
/// configured upstreams and their live policies, the policy version store, and (optionally) a
/// way to ask a live upstream for its tools.
public struct BuilderServices: Sendable {
    let directory: ServerDirectory
    let policies: LivePolicies
    let versions: any PolicyVersionStore
    let publisher: PolicyPublisher

    /// - Parameters:
    ///   - catalog: the catalog folders `serve` was given (`--catalog`), loaded.
    ///   - servers: the gateway's enabled upstreams (`GatewayConfiguration.servers`).
    ///   - liveTools: lists a configured server's tools when the catalog lacks it; nil says so.
    public init(catalog: Catalog, servers: [ServerConfiguration], policies: LivePolicies, versions: any PolicyVersionStore,
                liveTools: (any LiveToolSource)? = nil) {
        directory = ServerDirectory(catalog: catalog, configured: servers, liveTools: liveTools)
        self.policies = policies
        self.versions = versions
        publisher = PolicyPublisher(policies: policies, versions: versions)
    }
}
