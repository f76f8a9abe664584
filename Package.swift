// swift-tools-version: 6.1
//
// Gatehouse — an MCP policy gateway and a public catalog of what MCP tools can do.
//
// The targets and how they depend on each other: docs/architecture.md.
import PackageDescription

let package = Package(
    name: "gatehouse",
    // Linux only (README): Sources/CUpstreamSpawn/spawn.c uses prctl, pidfd_open and close_range.
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        // For the benchmarks, a package of their own (Benchmarks/Package.swift) that depends on
        // this one by path, so that `swift build` and `swift test` here never build them.
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "Catalog", targets: ["Catalog"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Upstream", targets: ["Upstream"]),
        .library(name: "Gateway", targets: ["Gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: Pure core — no HTTP, no database, no NIO.
        .target(
            name: "JSON",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "Policy", dependencies: ["JSON"]),
        .target(name: "Catalog", dependencies: ["Policy", "JSON"]),
        // Other engines' policy files, converted to ours (Intercept's YAML).
        .target(name: "PolicyImport", dependencies: ["Policy", "JSON", .product(name: "Yams", package: "Yams")]),

        // MARK: Site generation — cmark through a system library.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "SiteGenerator",
            dependencies: [
                "Catalog", "Policy", "JSON", "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The built-in templates, attack patterns and assets (`gatehouse new site` writes them out).
            resources: [.copy("Defaults")]
        ),

        // MARK: Effects at the edge.
        .target(
            name: "Store",
            dependencies: [
                "Policy", "JSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the admission's statements (SQLiteBindings).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Forks and execs stdio upstreams (async-signal-safe C between fork and exec).
        .target(name: "CUpstreamSpawn"),
        .target(
            name: "Upstream",
            dependencies: [
                "JSON", "CUpstreamSpawn",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Reads live servers into catalog files: joins Upstream (the client) and Catalog.
        .target(
            name: "Importer",
            dependencies: [
                "Upstream", "Catalog", "JSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "Policy", "Store", "Upstream", "JSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The composition root: stores, policies, upstreams and the background loops, assembled
        // once for `serve` and `stdio`; the stdio front. No HTTP server here (Server depends on it).
        .target(
            name: "GatewayRuntime",
            dependencies: [
                "Gateway", "Catalog", "Policy", "Store", "Upstream", "JSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Gateway", "GatewayRuntime", "SiteGenerator", "Catalog", "Policy", "Store", "Upstream", "JSON",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The builder, approvals and dashboard pages (served by the gateway, not part of the static site).
            resources: [.copy("Pages/app")]
        ),
        .target(name: "DemoServer", dependencies: ["JSON"]),

        // MARK: The command line.
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "Policy", "Catalog", "SiteGenerator", "Store", "Importer", "Gateway", "GatewayRuntime", "Server",
                "DemoServer", "JSON", "PolicyImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // jemalloc replaces glibc's malloc in the whole process: pages and proxied calls
            // allocate many small strings from two threads at once (docs/benchmarks.md).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),

        // MARK: Tests.
        // What several test targets share (the seed policy).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "UpstreamTests",
            dependencies: [
                "Upstream", "JSON", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PolicyTests",
            dependencies: ["Policy", "JSON", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PolicyImportTests", dependencies: ["PolicyImport", "Policy", "JSON"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ImporterTests",
            dependencies: ["Importer", "Catalog", "JSON", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Policy", "JSON", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // Runs the built gatehouse binary (depending on it makes `swift test` build it).
        .testTarget(name: "CLITests", dependencies: ["gatehouse", "Store", "JSON"]),
        // Reads ../shared/catalog at run time and its golden files through #filePath.
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Policy", "JSON", "TestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Store", "Policy", "Upstream", "JSON", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "DemoServerTests", dependencies: ["DemoServer", "JSON"]),
        // The builder API, pages and site refresh, in process (HummingbirdTesting); reads
        // ../shared/catalog and the repository's templates/ through #filePath.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Gateway", "GatewayRuntime", "SiteGenerator", "Catalog", "Store", "Policy", "JSON", "TestSupport",
                // Built for its demo-server, the upstream the live tool listing talks to.
                "gatehouse",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Generates ../shared/catalog with the project's templates; golden pages in Golden/.
        .testTarget(
            name: "SiteGeneratorTests",
            dependencies: ["SiteGenerator", "Catalog", "Policy", "JSON", "TestSupport", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Golden"]
        ),
    ]
)
