import Foundation

/// The synthetic ACLED exports of Tests/Fixtures/acled (see its README), as text.
enum ACLEDFixtures {
    static let current = file("current.csv")
    static let currentRevision2 = file("current-revision-2.csv")
    static let legacy = file("legacy.csv")

    static func file(_ name: String) -> String {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        // A missing fixture fails the test that reads it, naming the file.
        return (try? String(contentsOf: folder.appendingPathComponent("Fixtures/acled/\(name)"), encoding: .utf8)) ?? "missing fixture \(name)"
    }
}
