// swift-tools-version:6.1
// The fuzz harness of Oversight's readers: one libFuzzer executable, built only with the sanitizer flags
// (see run.sh and README.md). Not part of the root package, so `swift build` and `swift test` there are unchanged.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "OversightFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Oversight", path: ".."),
    ],
    targets: [
        .target(
            name: "OversightFuzzTargets",
            dependencies: [
                .product(name: "OversightCore", package: "Oversight"),
                .product(name: "OversightFormats", package: "Oversight"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "oversight-fuzz",
            dependencies: ["OversightFuzzTargets"],
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])],
            // gold fails on this link (an internal error in its DWARF reader); lld links it.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
