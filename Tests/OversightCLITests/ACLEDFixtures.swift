import Foundation

/// Where the synthetic ACLED exports of Tests/Fixtures/acled are (see its README): the binary reads them in place.
enum ACLEDFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/acled")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}
