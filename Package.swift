// swift-tools-version:6.1
import PackageDescription

/// Alpha Arena: several trading models on one market, one clock, one rule set.
///
/// `Sources/` is grouped by layer (ADR 0001):
/// - `Platform/`: core types, the wire protocol, the bus, the store, the runtime, C shims;
/// - `Domain/`: pure libraries (market data, features; later models, risk, execution, analytics, alerts);
/// - `Services/`: one module per service, each a component over the transport, a store and its config;
/// - `Composition/`: the catalogue of services, wired over ZeroMQ or in one process;
/// - `Executables/`: thin `main`s;
/// - `Testing/`: test support, never a product dependency.
/// Domain libraries never import ArenaBus, ArenaStore or ArenaRuntime.

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let propertyBased = Target.Dependency.product(name: "PropertyBased", package: "swift-property-based")

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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: Platform

        // Domain types: exact decimals, identifiers, clocks, message payloads. No I/O.
        .target(name: "ArenaCore", path: "Sources/Platform/ArenaCore"),
        // The protocol: envelope, framing, binary and JSON codecs, registry, canonical hashing. Pure and fuzzable.
        .target(name: "ArenaWire", dependencies: ["ArenaCore", crypto], path: "Sources/Platform/ArenaWire"),
        // libzmq, found through pkg-config.
        .systemLibrary(
            name: "CZeroMQ", path: "Sources/Platform/System/CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]
        ),
        // The transport seam and its two implementations: ZeroMQ sockets and patterns, and the in-process transport.
        .target(name: "ArenaBus", dependencies: ["CZeroMQ", "ArenaCore", "ArenaWire", log, metrics], path: "Sources/Platform/ArenaBus"),
        // libpq and libsqlite3.
        .systemLibrary(
            name: "CPostgres", path: "Sources/Platform/System/CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite", path: "Sources/Platform/System/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]
        ),
        // Persistence: PostgreSQL and SQLite behind one interface, migrations, bulk writers, audit log.
        .target(
            name: "ArenaStore",
            dependencies: ["CPostgres", "CSQLite", "ArenaCore", "ArenaWire", log, metrics],
            path: "Sources/Platform/ArenaStore"
        ),
        // zlib, for gzipped replay captures.
        .systemLibrary(name: "CZlib", path: "Sources/Platform/System/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Configuration, logging, metrics, health HTTP, lifecycle, heartbeats: the shell every service runs in.
        .target(
            name: "ArenaRuntime",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", log, metrics, lifecycle,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Platform/ArenaRuntime"
        ),

        // MARK: Domain

        // Market data: parsers, replay, venue decoders, order books, bars, integrity, the kernel. Pure (file reading aside).
        .target(name: "MarketData", dependencies: ["ArenaCore", "CZlib"], path: "Sources/Domain/MarketData"),
        // Live venue connections: Binance and OKX WebSocket sources, Binance REST with weight limiting.
        .target(
            name: "MarketDataLive",
            dependencies: [
                "MarketData", "ArenaCore", log,
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/Domain/MarketDataLive"
        ),
        // Live venues: the Binance spot and USDⓈ-M REST trading layer — signing, symbol filters applied before
        // sending, typed error codes with their outcome, rate limits, server-time skew, unknown outcomes — and the
        // user-data streams for fills (ADR 0020); OKX's REST trading layer and private order WebSocket, demo first (ADR 0021).
        .target(
            name: "LiveVenues",
            dependencies: [
                "ArenaCore", log, crypto,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The user-data streams (spot WebSocket API, USDⓈ-M listen-key stream).
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            path: "Sources/Domain/LiveVenues"
        ),
        // Features: indicators, order-flow features, regime, snapshots. Pure, no I/O.
        .target(name: "Features", dependencies: ["ArenaCore", "MarketData"], path: "Sources/Domain/Features"),
        // Models: every model kind behind one protocol (rule strategies, the order-flow scorer, allocators,
        // ensembles, baselines), their parameter schemas and market needs. Pure, no I/O.
        .target(name: "Models", dependencies: ["ArenaCore", "Features"], path: "Sources/Domain/Models"),
        // Agents: LLM agents — the unified prompt, strict reply validation, provider wire formats (OpenAI-compatible,
        // Anthropic, Gemini), the call policy (deadline, retries, rate limits, cost), voting and the strategy allocator.
        // No I/O of its own: the scorer hands it a transport.
        .target(name: "Agents", dependencies: ["ArenaCore", "Features", "Models", "Learning", crypto], path: "Sources/Domain/Agents"),
        // Learning: learned policies — model files read and hashed, the learned kinds for the catalogue, and
        // training (walk-forward splits, early stopping, reports). Inference itself is in Models.
        .target(name: "Learning", dependencies: ["ArenaCore", "MarketData", "Features", "Models", crypto], path: "Sources/Domain/Learning"),
        // Execution: the order state machine, per-model ledgers, the paper venue's matching and the OMS kernel.
        // Pure, no I/O, no clocks: event-sourced and deterministic.
        .target(name: "Execution", dependencies: ["ArenaCore"], path: "Sources/Domain/Execution"),
        // Risk: the guard between decisions and orders — pre-trade rules, trading states, continuous rules,
        // operator controls, and a replayable record of every verdict. Pure, no I/O, no clock of its own.
        .target(name: "Risk", dependencies: ["ArenaCore"], path: "Sources/Domain/Risk"),
        // Analytics: equity curves, return metrics (quantstats/empyrical conventions), trade statistics,
        // the leaderboard and chart downsampling. Pure, no I/O.
        .target(name: "Analytics", dependencies: ["ArenaCore"], path: "Sources/Domain/Analytics"),
        // Alerts: destination filters, de-duplication, the heartbeat watch, Discord embeds and Telegram MarkdownV2,
        // and what each provider's answers mean. Pure, no I/O: the service sends the requests it builds.
        .target(name: "Alerts", dependencies: ["ArenaCore"], path: "Sources/Domain/Alerts"),

        // MARK: Services

        // The market gateway: feeds, the kernel, md.* publishing, persistence, history requests.
        .target(
            name: "GatewayService",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "MarketData", "MarketDataLive", log, lifecycle,
            ],
            path: "Sources/Services/GatewayService"
        ),
        // The feature engine and arena clock: warm-up, the engine on md.*, rounds, decisions to risk.
        .target(
            name: "FeaturesService",
            dependencies: ["ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "Features", "Models", "Agents", "Learning", log, lifecycle],
            path: "Sources/Services/FeaturesService"
        ),

        // The scorer: stateless workers in the feature engine's job pool, running the models.
        .target(
            name: "ScorerService",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaRuntime", "Models", "Agents", log, lifecycle,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/Services/ScorerService"
        ),

        // The risk guard: verdicts on decisions, trading states, continuous rules, commands to the OMS.
        .target(
            name: "RiskService",
            dependencies: ["ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "Risk", log, lifecycle],
            path: "Sources/Services/RiskService"
        ),
        // The OMS: orders, the paper venue and per-model ledgers behind a journal.
        .target(
            name: "OMSService",
            dependencies: ["ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "Execution", "LiveVenues", log, lifecycle],
            path: "Sources/Services/OMSService"
        ),
        // The reporter: NAV, leaderboard, audit replay, reports, the dashboard and the HTTP API.
        .target(
            name: "ReporterService",
            dependencies: [
                "ArenaRuntime", "ArenaBus", "ArenaCore", "ArenaWire", "ArenaStore", "Analytics", log, crypto,
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Sources/Services/ReporterService"
        ),

        // The alerter: alert.* from every service and its own heartbeat watch, persisted, then sent to Discord and Telegram.
        .target(
            name: "AlerterService",
            dependencies: [
                "ArenaRuntime", "ArenaBus", "ArenaCore", "ArenaWire", "ArenaStore", "Alerts", log, metrics, lifecycle,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/Services/AlerterService"
        ),

        // MARK: Composition

        // The catalogue of services, the supervisor, and the wiring over ZeroMQ or in one process.
        .target(
            name: "Arena",
            dependencies: [
                "ArenaCore", "ArenaBus", "ArenaStore", "ArenaRuntime", "GatewayService", "FeaturesService", "ScorerService",
                "RiskService", "OMSService", "ReporterService", "AlerterService", lifecycle,
            ],
            path: "Sources/Composition/Arena"
        ),

        // The backtest: the services' kernels composed in one loop on the data's clock (ADR 0019).
        .target(
            name: "Backtest",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaRuntime", "MarketData", "Features", "Models", "Risk", "Execution", "Analytics",
                "GatewayService", "FeaturesService", "RiskService", "OMSService", "ScorerService", "ReporterService", "Agents", "ArenaStore", log,
            ],
            path: "Sources/Composition/Backtest"
        ),

        // MARK: Executables

        .executableTarget(
            name: "arena-gateway", dependencies: ["Arena", "GatewayService", "ArenaRuntime"], path: "Sources/Executables/arena-gateway"
        ),
        .executableTarget(
            name: "arena-features", dependencies: ["Arena", "FeaturesService", "ArenaRuntime"],
            path: "Sources/Executables/arena-features"
        ),
        .executableTarget(
            name: "arena-scorer", dependencies: ["Arena", "ScorerService", "ArenaRuntime"], path: "Sources/Executables/arena-scorer"
        ),
        .executableTarget(name: "arena-risk", dependencies: ["Arena", "RiskService", "ArenaRuntime"], path: "Sources/Executables/arena-risk"),
        .executableTarget(name: "arena-oms", dependencies: ["Arena", "OMSService", "ArenaRuntime"], path: "Sources/Executables/arena-oms"),
        .executableTarget(
            name: "arena-reporter", dependencies: ["Arena", "ReporterService", "ArenaRuntime"], path: "Sources/Executables/arena-reporter"
        ),
        .executableTarget(
            name: "arena-alerter", dependencies: ["Arena", "AlerterService", "ArenaRuntime"], path: "Sources/Executables/arena-alerter"
        ),
        // The command-line tool: up, proto, keys, config, audit, bench, bars, indicators.
        .executableTarget(
            name: "arena",
            dependencies: [
                "Arena", "ArenaCore", "ArenaWire", "ArenaBus", "ArenaRuntime", "ArenaStore", "MarketData", "Features", "Models", "Agents", "Learning",
                "GatewayService", "ScorerService", "ReporterService", "AlerterService", "Alerts", "Execution", "Risk", "Analytics", "Backtest", log,
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Executables/arena"
        ),

        // MARK: Test support

        // Stand-ins for processes, exchanges and providers; never a product dependency.
        .target(
            name: "ArenaTesting",
            dependencies: [
                "ArenaCore", "ArenaWire", "ArenaBus", "ArenaRuntime", "MarketData", "Features", "Models", "ScorerService", lifecycle,
                // The fake Binance verifies HMAC signatures.
                crypto,
                // The fake exchange: HTTP and WebSocket server speaking Binance's and OKX's formats.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            path: "Sources/Testing/ArenaTesting"
        ),
        .executableTarget(
            name: "arena-testkit", dependencies: ["ArenaTesting", "Arena", "ArenaRuntime"], path: "Sources/Executables/arena-testkit"
        ),

        // MARK: Tests

        .testTarget(name: "ArenaCoreTests", dependencies: ["ArenaCore", "ArenaTesting", propertyBased]),
        // The regression inputs are read from the source tree by path, not bundled.
        .testTarget(name: "ArenaWireTests", dependencies: ["ArenaCore", "ArenaWire", "ArenaTesting", propertyBased], exclude: ["Regressions"]),
        .testTarget(name: "ArenaBusTests", dependencies: ["ArenaBus", "ArenaWire", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "ArenaStoreTests",
            dependencies: [
                // The real services' tables are what the writers and migrations are tested on.
                "GatewayService", "FeaturesService", "ArenaStore", "ArenaCore", "ArenaTesting", log, .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "ArenaRuntimeTests",
            dependencies: [
                "ArenaStore", "ArenaRuntime", "ArenaCore", "ArenaTesting", log, metrics, lifecycle,
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "MarketDataLiveTests",
            dependencies: [
                "MarketDataLive", "MarketData", "ArenaCore", "ArenaTesting", log,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The Binance REST trading layer against FakeBinance, over real HTTP.
        .testTarget(
            name: "LiveVenuesTests",
            dependencies: [
                "LiveVenues", "ArenaCore", "ArenaTesting", log,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "ArenaCore", "ArenaWire", "MarketData", "ArenaTesting"]),
        .testTarget(
            name: "ScorerServiceTests",
            dependencies: ["ScorerService", "Models", "Arena", "ArenaCore", "ArenaWire", "ArenaBus", "ArenaRuntime", "ArenaTesting"]
        ),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "ReporterServiceTests",
            dependencies: [
                "ReporterService", "RiskService", "Arena", "ArenaBus", "ArenaCore", "ArenaRuntime", "ArenaStore", "ArenaTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "AlertsTests", dependencies: ["Alerts", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "AlerterServiceTests",
            dependencies: [
                "AlerterService", "Alerts", "Arena", "ArenaBus", "ArenaCore", "ArenaRuntime", "ArenaStore", "ArenaWire", "ArenaTesting", "MarketData",
            ]
        ),
        .testTarget(name: "RiskTests", dependencies: ["Risk", "ArenaCore", "ArenaTesting"]),
        // The OKX trading layer against FakeOKXTrading, over real HTTP and WebSocket.
        .testTarget(
            name: "OKXVenueTests",
            dependencies: ["LiveVenues", "ArenaCore", "ArenaTesting"]
        ),
        // The alerter's stand-ins (FakeDiscord, FakeTelegram, the MarkdownV2 parser), over real HTTP.
        .testTarget(
            name: "NotifierFakesTests",
            dependencies: ["ArenaTesting", "ArenaCore", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        // The LLM providers' stand-in (FakeLLMServer: OpenAI, Anthropic and Gemini wire formats), over real HTTP.
        .testTarget(
            name: "LLMFakesTests",
            dependencies: ["ArenaTesting", "ArenaCore", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(
            name: "ExecutionServiceTests",
            dependencies: [
                "RiskService", "OMSService", "Risk", "Execution", "Arena", "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime",
                "ArenaTesting", "MarketData", log,
            ]
        ),
        .testTarget(
            name: "AgentsTests",
            dependencies: [
                "Agents", "Models", "Features", "ArenaCore", "ArenaWire", "ArenaTesting", "ScorerService",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Features", "ArenaCore", "ArenaWire", "MarketData", "ArenaTesting"]),
        .testTarget(
            name: "BacktestTests",
            dependencies: [
                "Backtest", "Arena", "ArenaCore", "ArenaRuntime", "ArenaStore", "Analytics", "ReporterService", "GatewayService", "MarketData", "ArenaTesting",
            ]
        ),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Models", "MarketData", "ArenaCore", "ArenaTesting"]),
        .testTarget(
            name: "ExecutionTests",
            dependencies: ["Execution", "Risk", "Features", "Models", "ArenaCore", "ArenaWire", "ArenaTesting", "MarketData", propertyBased]
        ),
        .testTarget(
            name: "GatewayServiceTests",
            dependencies: [
                "Arena", "GatewayService", "MarketData", "MarketDataLive", "ArenaCore", "ArenaBus", "ArenaStore", "ArenaRuntime",
                "ArenaTesting", "ArenaWire", log,
            ]
        ),
        .testTarget(
            name: "ArenaTests",
            dependencies: [
                "Arena", "GatewayService", "FeaturesService", "ScorerService", "Models", "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore",
                "ArenaRuntime", "ArenaTesting",
            ]
        ),
        .testTarget(
            name: "FeaturesServiceTests",
            dependencies: [
                "Arena", "FeaturesService", "Features", "ArenaCore", "ArenaWire", "ArenaBus", "ArenaStore", "ArenaRuntime", "ArenaTesting",
                "MarketData", "Models", "Learning",
            ]
        ),
    ]
)
