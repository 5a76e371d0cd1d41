// swift-tools-version:6.1
import PackageDescription

/// Alpha Arena: several trading models on one market, one clock, one rule set.
/// Module layout follows DESIGN.md: pure domain libraries, thin service shells.
let package = Package(
    name: "AlphaArena",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ArenaCore", targets: ["ArenaCore"]),
        .library(name: "ArenaWire", targets: ["ArenaWire"]),
        .library(name: "ArenaBus", targets: ["ArenaBus"]),
        .library(name: "ArenaRuntime", targets: ["ArenaRuntime"]),
        .library(name: "ArenaStore", targets: ["ArenaStore"]),
        .library(name: "MarketData", targets: ["MarketData"]),
        .executable(name: "arena", targets: ["arena"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
        // Venue connections (MarketDataLive) and the fake exchange (ArenaTesting).
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // Domain types: exact decimals, identifiers, clocks, message payloads. No I/O.
        .target(name: "ArenaCore"),
        // The protocol: envelope, framing, binary and JSON codecs, registry. Pure and fuzzable.
        .target(name: "ArenaWire", dependencies: ["ArenaCore"]),
        // libzmq, found through pkg-config.
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // Sockets and messaging patterns over ZeroMQ.
        .target(
            name: "ArenaBus",
            dependencies: [
                "CZeroMQ", "ArenaCore", "ArenaWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // libpq and libsqlite3.
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Persistence: PostgreSQL and SQLite behind one interface, migrations, bulk writers, audit log.
        .target(
            name: "ArenaStore",
            dependencies: [
                "CPostgres", "CSQLite", "ArenaCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                // SHA-256 for the audit hash chain and migration checksums (Foundation has none on Linux).
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // zlib, for gzipped replay captures.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Market data: parsers, replay, venue decoders, order books, bars, integrity, the kernel. Pure (file reading aside), no bus or store.
        .target(name: "MarketData", dependencies: ["ArenaCore", "CZlib"]),
        // Live venue connections: Binance and OKX WebSocket sources, Binance REST with weight limiting.
        .target(
            name: "MarketDataLive",
            dependencies: [
                "MarketData", "ArenaCore",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Features: indicators, order-flow features, regime, snapshots. Pure, no I/O.
        .target(name: "Features", dependencies: ["ArenaCore", "ArenaWire", "MarketData", .product(name: "Crypto", package: "swift-crypto")]),
        // The feature engine as a service: warm-up, the engine on md.*, the arena clock, rounds, decisions to risk.
        .target(
            name: "FeatureService",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "Features",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "arena-features", dependencies: ["FeatureService", "ArenaRuntime"]),
        // The market gateway as a service: feeds, the kernel, md.* publishing, persistence, history requests.
        .target(
            name: "Gateway",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "MarketData", "MarketDataLive",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "arena-gateway", dependencies: ["Gateway", "ArenaRuntime"]),
        // Configuration, logging, metrics, health HTTP, lifecycle, heartbeats.
        .target(
            name: "ArenaRuntime",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The command-line tool: proto schema, keys, bench, config check, up.
        .executableTarget(
            name: "arena",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaRuntime", "ArenaStore", "MarketData", "Features",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test support (stand-ins for processes, exchanges, providers); never a product dependency.
        .target(
            name: "ArenaTesting",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "MarketData", "Features",
                // The fake exchange: HTTP and WebSocket server speaking Binance's and OKX's formats.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ]
        ),
        .executableTarget(name: "arena-testkit", dependencies: ["ArenaTesting"]),
        .testTarget(
            name: "ArenaCoreTests",
            dependencies: ["ArenaCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "ArenaWireTests",
            dependencies: ["ArenaCore", "ArenaWire", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "ArenaCore", "ArenaWire", "MarketData", "ArenaTesting"]),
        .testTarget(
            name: "FeatureServiceTests",
            dependencies: [
                "FeatureService", "Features", "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "ArenaTesting",
                "MarketData",
            ]
        ),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "MarketData", "MarketDataLive", "ArenaCore", "ArenaBus", "ArenaStore", "ArenaRuntime", "ArenaTesting",
                "ArenaWire", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "MarketDataLiveTests",
            dependencies: [
                "MarketDataLive", "MarketData", "ArenaCore", "ArenaTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "ArenaBusTests", dependencies: ["ArenaBus", "ArenaWire", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "ArenaStoreTests",
            dependencies: [
                "ArenaStore", "ArenaCore", "ArenaTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "ArenaRuntimeTests",
            dependencies: [
                "ArenaStore",
                "ArenaRuntime", "ArenaCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
