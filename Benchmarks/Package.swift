// swift-tools-version: 6.1
//
// The benchmarks (release builds, run by scripts/bench-*): a package of their own, depending on
// the main one by path, so that the main package's `swift build` and `swift test` never build
// them. Each prints figures; compare them side by side in one run (docs/benchmarks.md).
import PackageDescription

let gatehouse = "gatehouse"

/// The main package's libraries, by name.
func libraries(_ names: String...) -> [Target.Dependency] {
    names.map { .product(name: $0, package: gatehouse) }
}

func nio(_ names: String...) -> [Target.Dependency] {
    names.map { .product(name: $0, package: "swift-nio") }
}

let package = Package(
    name: "gatehouse-benchmarks",
    dependencies: [
        // Named, so that the products below find it whatever the checkout's folder is called.
        .package(name: gatehouse, path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "BenchmarkSupport", path: "BenchmarkSupport"),
        .executableTarget(
            name: "bench-policy",
            dependencies: ["BenchmarkSupport"] + libraries("Policy", "JSON"),
            path: "PolicyBenchmark"
        ),
        .executableTarget(
            name: "bench-classify", dependencies: ["BenchmarkSupport"] + libraries("Catalog"), path: "ClassifyBenchmark"
        ),
        .executableTarget(
            name: "bench-audit", dependencies: ["BenchmarkSupport"] + libraries("Store"), path: "AuditBenchmark"
        ),
        .executableTarget(
            name: "bench-upstream",
            dependencies: libraries("Upstream", "JSON") + nio("NIOCore", "NIOHTTP1") + [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "UpstreamBenchmark"
        ),
        // The least an HTTP-to-stdio MCP proxy costs here: bare SwiftNIO, no policing (the floor
        // in scripts/bench-gateway). Same allocator as gatehouse, so the two compare.
        .executableTarget(
            name: "bench-proxy-floor",
            dependencies: libraries("JSON", "Upstream") + nio("NIOCore", "NIOPosix", "NIOHTTP1"),
            path: "ProxyFloor",
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "bench-enforcement",
            dependencies: ["BenchmarkSupport"] + libraries("Gateway", "Store", "Policy", "JSON") + nio("NIOCore") + [
                .product(name: "Logging", package: "swift-log")
            ],
            path: "EnforcementBenchmark"
        ),
    ]
)
