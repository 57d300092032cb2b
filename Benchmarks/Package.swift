// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the main build and CI never compile them.
let package = Package(
    name: "OversightBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "oversight-bench",
            dependencies: [
                .product(name: "OversightCore", package: "Oversight"),
            ],
            path: "Sources/oversight-bench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
