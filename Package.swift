// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "cpdcert",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cpdcert", targets: ["cpdcert"]),
        .library(name: "CPDCore", targets: ["CPDCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, found with pkg-config.
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(
            name: "CQRencode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CRsvg", pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev"])]),
        // GZIP for the Bitstring Status List's encodedList.
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // The zlib level of cairo's PDF streams (cairo has no setting for it): see deflate_level.c.
        .target(name: "CDeflateLevel", dependencies: ["CZlib"]),
        // SMTP for certificate delivery (STARTTLS, implicit TLS, AUTH, one connection a batch).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // Draws one-page PDF backgrounds onto a cairo context as vectors.
        .systemLibrary(
            name: "CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]),

        // The pure core: domain types, the planner, the template model and the ports.
        .target(
            name: "CPDCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // Bytes in, domain values plus per-row diagnostics out.
        .target(
            name: "CPDImport",
            dependencies: [
                "CPDCore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        // Cairo + Pango + libqrencode + librsvg + poppler behind `CertificateRenderer`.
        .target(
            name: "CPDRender",
            dependencies: ["CPDCore", "CCairo", "CPangoCairo", "CQRencode", "CRsvg", "CPoppler", "CDeflateLevel"],
            swiftSettings: swiftSettings),
        // SQLite through GRDB behind `CertificateRegistry`.
        .target(
            name: "CPDRegistry",
            dependencies: [
                "CPDCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        // The same registry in PostgreSQL through postgres-nio, for several runners and servers.
        .target(
            name: "CPDPostgres",
            dependencies: [
                "CPDCore", "CPDRegistry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        // Signed checkpoints (Ed25519, C2SP signed notes), proofs, bundles and the audit.
        .target(
            name: "CPDLedger",
            dependencies: [
                "CPDCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        // Open Badges 3.0 credentials (VC-JWT, RS256), the issuer's did:web document and the
        // Bitstring Status List, from the frozen certificate record.
        .target(
            name: "CPDBadges",
            dependencies: [
                "CPDCore", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        // Every operation that changes the registry (issue a batch, correct, revoke, sign a
        // checkpoint), with typed errors and an injected clock and random source; and the batch
        // engine it issues with: render on every core, record, write files atomically.
        .target(
            name: "CPDOperations",
            dependencies: [
                "CPDCore", "CPDLedger", "CPDBadges",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Certificate delivery by email: the message (MIME, Mustache templates per language) and SMTP through libcurl.
        .target(
            name: "CPDMail",
            dependencies: [
                "CPDCore", "CCurl",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),
        // HTTP GET through libcurl behind `DocumentFetcher`: verify-credential's did:web and status list fetches.
        .target(
            name: "CPDHTTP",
            dependencies: ["CPDCore", "CCurl"],
            swiftSettings: swiftSettings),
        // The verification service; knows the registry protocol, not SQLite.
        .target(
            name: "CPDServer",
            dependencies: [
                "CPDCore", "CPDBadges",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // A request's async functions run on the executor of the handler that calls them, so a
            // call is not a hop back onto the event loop's queue (see RateLimitedRoutes).
            swiftSettings: swiftSettings + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]),
        // The organiser console: authenticated pages (accounts, sessions, CSRF, throttled login) that
        // drive the operations layer; knows the ports, not SQLite.
        .target(
            name: "CPDConsole",
            dependencies: [
                "CPDCore", "CPDImport", "CPDMail", "CPDOperations", "CPDServer", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // The command-line interface as a library; wires the adapters together.
        .target(
            name: "CPDCommands",
            dependencies: [
                "CPDCore", "CPDImport", "CPDLedger", "CPDRender", "CPDRegistry", "CPDPostgres", "CPDOperations", "CPDServer", "CPDBadges",
                "CPDMail",
                "CPDHTTP",
                "CPDConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "cpdcert",
            dependencies: [
                "CPDCommands", "CPDServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // Benchmarks/server.sh's registry of synthetic certificates (no PDFs rendered).
        .executableTarget(
            name: "cpdcert-synthetic-registry",
            dependencies: ["CPDCore", "CPDRegistry", "CPDTestSupport"],
            path: "Benchmarks/SyntheticRegistry",
            swiftSettings: swiftSettings),

        // Benchmarks/proofs.sh: inclusion and consistency proofs timed over a registry of N log entries.
        .executableTarget(
            name: "cpdcert-proof-benchmark",
            dependencies: ["CPDCore", "CPDRegistry", "CPDTestSupport"],
            path: "Benchmarks/ProofBenchmark",
            swiftSettings: swiftSettings),

        // Benchmarks/credentials.sh: CPU per credential (build and sign) and status list sizes.
        .executableTarget(
            name: "cpdcert-credential-benchmark",
            dependencies: ["CPDBadges", "CPDCore", "CPDTestSupport"],
            path: "Benchmarks/CredentialBenchmark",
            swiftSettings: swiftSettings),

        // Fixed clock, seeded IDs, the sample event, an in-memory registry.
        .target(
            name: "CPDTestSupport",
            dependencies: ["CPDCore"],
            swiftSettings: swiftSettings),

        .testTarget(
            name: "CPDCoreTests",
            dependencies: ["CPDCore", "CPDTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDImportTests",
            dependencies: ["CPDImport", "CPDTestSupport"],
            // Attendance reports as organisers export them, read from the source tree.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDRenderTests",
            dependencies: ["CPDRender", "CPDImport", "CPDTestSupport"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDRegistryTests",
            dependencies: ["CPDRegistry", "CPDPostgres", "CPDTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDLedgerTests",
            dependencies: ["CPDLedger", "CPDRegistry", "CPDTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDHTTPTests",
            dependencies: ["CPDHTTP", "CPDTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDBadgesTests",
            dependencies: ["CPDBadges", "CPDTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDOperationsTests",
            dependencies: ["CPDOperations", "CPDTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDServerTests",
            dependencies: [
                "CPDLedger", "CPDServer", "CPDTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDConsoleTests",
            dependencies: [
                "CPDConsole", "CPDMail", "CPDRegistry", "CPDTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDMailTests",
            dependencies: ["CPDMail", "CPDTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CPDCommandsTests",
            dependencies: ["CPDCommands", "CPDRegistry", "CPDOperations", "CPDBadges", "CPDTestSupport"],
            // A registry as an older cpdcert wrote it (a SQL dump), for migration tests.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
    ]
)
