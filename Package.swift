// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Oversight",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "OversightCore", targets: ["OversightCore"]),
        .library(name: "OversightFormats", targets: ["OversightFormats"]),
        .library(name: "OversightStore", targets: ["OversightStore"]),
        .library(name: "OversightStoreSQLite", targets: ["OversightStoreSQLite"]),
        .library(name: "OversightStorePostgres", targets: ["OversightStorePostgres"]),
        .library(name: "OversightWeb", targets: ["OversightWeb"]),
        .library(name: "OversightDemo", targets: ["OversightDemo"]),
        .library(name: "OversightWorkflow", targets: ["OversightWorkflow"]),
        .library(name: "OversightApp", targets: ["OversightApp"]),
        .executable(name: "oversight", targets: ["oversight"]),
        .executable(name: "oversight-measure", targets: ["oversight-measure"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "OversightCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Reference/Data")],
            swiftSettings: strict
        ),
        .target(
            name: "OversightFormats",
            dependencies: ["OversightCore"],
            swiftSettings: strict
        ),
        .target(
            name: "OversightStore",
            dependencies: ["OversightCore"],
            swiftSettings: strict
        ),
        .target(
            name: "OversightStoreSQLite",
            dependencies: [
                "OversightCore", "OversightStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OversightStorePostgres",
            dependencies: [
                "OversightCore", "OversightStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OversightDemo",
            dependencies: ["OversightCore", "OversightFormats", "OversightStore"],
            resources: [.copy("Data")],
            swiftSettings: strict
        ),
        .target(
            name: "OversightWorkflow",
            dependencies: [
                "OversightCore", "OversightStore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OversightApp",
            dependencies: [
                "OversightCore", "OversightFormats", "OversightStore", "OversightWorkflow",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OversightWeb",
            dependencies: [
                "OversightCore", "OversightStore", "OversightWorkflow", "OversightApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: strict
        ),
        .target(
            name: "OversightCLI",
            dependencies: [
                "OversightCore", "OversightFormats", "OversightStore", "OversightStorePostgres", "OversightStoreSQLite", "OversightWeb", "OversightDemo",
                "OversightWorkflow", "OversightApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "oversight",
            dependencies: ["OversightCLI"],
            swiftSettings: strict
        ),
        .target(
            name: "OversightBench",
            dependencies: [
                "OversightCLI", "OversightCore", "OversightFormats", "OversightStore", "OversightStorePostgres", "OversightStoreSQLite", "OversightDemo",
                "OversightWorkflow", "OversightApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "oversight-measure",
            dependencies: ["OversightBench"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OversightCoreTests",
            dependencies: ["OversightCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OversightFormatsTests",
            dependencies: ["OversightCore", "OversightFormats"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OversightStoreTests",
            dependencies: ["OversightCore", "OversightFormats", "OversightStore", "OversightStorePostgres", "OversightStoreSQLite", "OversightDemo",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OversightWebTests",
            dependencies: [
                "OversightCore", "OversightStore", "OversightStorePostgres", "OversightStoreSQLite", "OversightWeb", "OversightDemo", "OversightFormats",
                "OversightWorkflow", "OversightApp",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OversightWorkflowTests",
            dependencies: ["OversightCore", "OversightStore", "OversightStoreSQLite", "OversightWorkflow", "OversightDemo", "OversightFormats",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OversightCLITests",
            dependencies: ["OversightCLI", "oversight", "oversight-measure"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
