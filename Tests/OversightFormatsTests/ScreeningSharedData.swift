import Foundation
import OversightCore
import OversightFormats
import Testing

/// The real public lists in `../shared/data` (see its README for sources and terms). Tests that need them
/// are skipped with a message when the folder is absent.
enum ScreeningSharedData {
    /// `<package root>/../shared/data`; the package root is three levels above this file.
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    static let unList = folder.appendingPathComponent("un-sc/consolidated-2020-11-30.xml")
    static let ftmT1 = folder.appendingPathComponent("opensanctions/t1.entities.ftm.json")
    static let ftmZala = folder.appendingPathComponent("opensanctions/zala.entities.ftm.json")

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    static let missingUN: Comment = "../shared/data/un-sc/consolidated-2020-11-30.xml is absent: skipped"
    static let missingFtM: Comment = "../shared/data/opensanctions fixtures are absent: skipped"

    /// The UN list, read once.
    static let unEntries: [ListEntry] = {
        guard exists(unList), let data = try? Data(contentsOf: unList) else { return [] }
        return (try? UNConsolidatedListReader.read(data).entries) ?? []
    }()
}

/// A small deterministic random number generator (SplitMix64), so every run draws the same variants.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
