// swift-tools-version:6.1
import PackageDescription

// Benchmark data generators live in their own package so the main build and CI never compile them.
// The benchmarks themselves run the release-built `oversight` binary on the generated data (see README.md).
let package = Package(
    name: "OversightBenchmarks",
    platforms: [.macOS(.v14)],
    targets: [
        .executableTarget(
            name: "oversight-bench",
            path: "Sources/oversight-bench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
