/// The two column layouts of ACLED exports, told apart by their header.
///
/// - `current` (since March 2023, 31 columns): `event_id_cnty, event_date, year, time_precision, disorder_type,
///   event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
///   civilian_targeting, iso, region, country, admin1, admin2, admin3, location, latitude, longitude,
///   geo_precision, source, source_scale, notes, fatalities, tags, timestamp`; `inter1`/`inter2` are actor
///   types as text ("State forces").
/// - `legacy` (before 2023, 31 columns): adds `data_id`, `event_id_no_cnty` and `iso3`, has no
///   `disorder_type`, `civilian_targeting` or `tags`, and codes actor types as numbers (1 = state forces).
public enum ACLEDLayout: String, Sendable, Codable {
    case current = "acled-2023"
    case legacy = "acled-legacy"

    /// Columns every ACLED file must have, in either layout.
    public static let requiredColumns = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
                                         "actor1", "country", "geo_precision", "fatalities", "timestamp"]

    /// Columns of the current layout only.
    static let currentMarkers = ["disorder_type", "civilian_targeting", "tags"]
    /// Columns of the legacy layout only.
    static let legacyMarkers = ["data_id", "event_id_no_cnty", "iso3"]
}

/// Where each column of an ACLED file is, read from its header.
public struct ACLEDHeader: Sendable {
    public let layout: ACLEDLayout
    let index: [String: Int]

    /// Reads the header row; throws naming the missing columns when it is not an ACLED export.
    public init(columns: [String]) throws {
        var index: [String: Int] = [:]
        for (i, raw) in columns.enumerated() {
            var name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if index[name] == nil { index[name] = i }
        }
        let missing = ACLEDLayout.requiredColumns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw ACLEDFormatError(line: 1, "the header lacks \(missing.joined(separator: ", ")); is this an ACLED export (CSV with a header row)? Found: \(columns.prefix(8).joined(separator: ", "))\(columns.count > 8 ? ", …" : "")")
        }
        let legacy = ACLEDLayout.legacyMarkers.contains { index[$0] != nil }
        let current = ACLEDLayout.currentMarkers.contains { index[$0] != nil }
        if legacy && current {
            throw ACLEDFormatError(line: 1, "the header mixes the 2023 layout (disorder_type, civilian_targeting, tags) with the legacy one (data_id, event_id_no_cnty, iso3); export the file again from ACLED")
        }
        self.layout = legacy ? .legacy : .current
        self.index = index
    }

    func column(_ name: String) -> Int { index[name] ?? -1 }
}

import Foundation
