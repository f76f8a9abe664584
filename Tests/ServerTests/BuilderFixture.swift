import Catalog
import Foundation
import Gateway
import GatewayRuntime
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import Logging
import NIOCore
import Prometheus
import Store
@testable import Server

/// A gateway set up as `gatehouse serve` sets it up, in a fresh folder: gatehouse.json with
/// `crm` (the demo CRM's policy file), `bare` (no policy file) and `retired` (disabled), SQLite state, the real
/// catalog from ../shared/catalog, and the router with the builder and the pages.
struct BuilderFixture {
    static let adminToken = "builder-test-admin-token-0123456789"
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedCatalog = repositoryRoot.appendingPathComponent("../shared/catalog").standardized.path
    static let catalog: Catalog = {
        do { return try Catalog.load(from: [sharedCatalog]) } catch { fatalError("cannot load \(sharedCatalog): \(error)") }
    }()

    let folder: String
    let policyFile: String
    let stores: StateStores
    let assembly: GatewayAssembly
    let server: GatehouseServer

    /// The built `gatehouse` binary (its `demo-server` is the `crm` upstream), found next to the
    /// test bundle (this target depends on it, so `swift build` builds it).
    static var gatehouseBinary: String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let binary = folder.appendingPathComponent("gatehouse").path
            if FileManager.default.isExecutableFile(atPath: binary) { return binary }
            folder.deleteLastPathComponent()
        }
        return "gatehouse"
    }

    /// `adminToken: nil` runs the gateway without one (the admin API closed); `liveTools: false`
    /// as a build that cannot ask upstreams for their tools.
    init(adminToken: String? = BuilderFixture.adminToken, publicFolder: String? = nil, liveTools: Bool = true,
         grants: Bool = false, allowedHosts: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-builder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        policyFile = folder + "/crm-policy.json"
        try String(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/demo/policy.json"), encoding: .utf8)
            .write(toFile: policyFile, atomically: true, encoding: .utf8)
        let servers: JSONValue = ["mcpServers": [
            "crm": ["command": .string(Self.gatehouseBinary), "args": ["demo-server"], "policy": "crm-policy.json"],
            "bare": ["command": "true"],
            "retired": ["disabled": true],
        ]]
        try JSONWriter().string(servers).write(toFile: folder + "/gatehouse.json", atomically: true, encoding: .utf8)
        let (configuration, policies) = try ConfigurationLoader.load(file: folder + "/gatehouse.json", environment: [:]).get()
        let logger = Logger(label: "builder-tests")
        stores = try StateStores.open(.sqlite(directory: folder + "/data"))
        assembly = try GatewayAssembly(configuration: configuration, policies: policies, stores: stores, logger: logger)
        let builder = BuilderServices(
            catalog: Self.catalog, servers: configuration.servers, policies: assembly.policies, versions: stores.policyVersions,
            liveTools: liveTools ? RouteToolLister(routes: assembly.routes, timeout: .seconds(30), logger: logger) : nil)
        let authentication: AgentAuthentication = grants ? .grants(GrantAuthenticator(store: stores.grants)) : .disabled(actingAs: "tests")
        server = GatehouseServer(
            options: .init(authentication: authentication, adminToken: adminToken, allowedHosts: allowedHosts, publicFolder: publicFolder,
                           disabledServers: Set(configuration.disabledServers)),
            routes: assembly.routes, registry: assembly.registry, auditStore: stores.audit, auditLog: assembly.audit,
            prometheus: PrometheusCollectorRegistry(), logger: logger, builder: builder)
    }

    /// Runs `body` against the router in process.
    func test<Value: Sendable>(_ body: @Sendable (APIClient) async throws -> Value) async throws -> Value {
        try await Application(router: server.router()).test(.router) { client in try await body(APIClient(client: client)) }
    }
}

/// Sends JSON and reads JSON, optionally with the admin token.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, json body: JSONValue? = nil, raw: String? = nil,
              token: String? = nil, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var bytes: ByteBuffer?
        if let body { bytes = ByteBuffer(string: JSONWriter().string(body)) }
        if let raw { bytes = ByteBuffer(string: raw) }
        if bytes != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: bytes) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    func admin(_ method: HTTPRequest.Method, _ path: String, json body: JSONValue? = nil) async throws -> Reply {
        try await send(method, path, json: body, token: BuilderFixture.adminToken)
    }
}
