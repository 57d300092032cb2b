import OversightCore

/// One ACLED event, the columns Oversight uses, as the file gives them.
public struct ACLEDEvent: Sendable, Hashable {
    public var eventID: String
    public var eventDate: Day
    public var timePrecision: Int
    public var disorderType: String
    public var eventType: String
    public var subEventType: String
    public var actor1: String
    public var assocActor1: String
    /// Actor type: text in the current layout ("State forces"), a number in the legacy one ("1").
    public var inter1: String
    public var actor2: String
    public var assocActor2: String
    public var inter2: String
    public var interaction: String
    public var civilianTargeting: String
    /// ISO 3166 numeric country code.
    public var iso: Int?
    public var country: String
    public var admin1: String
    public var admin2: String
    public var location: String
    public var latitude: Double?
    public var longitude: Double?
    public var geoPrecision: Int
    public var source: String
    public var notes: String
    public var fatalities: Int
    public var timestamp: Int64
    public var layout: ACLEDLayout
    /// The line of the file the event starts on.
    public var line: Int
}

/// A row of an ACLED file that cannot be used, with where and why.
public struct ACLEDFormatError: Error, Sendable, CustomStringConvertible, Equatable {
    public var line: Int
    public var column: String?
    public var message: String

    public init(line: Int, column: String? = nil, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "line \(line)\(column.map { ", column \($0)" } ?? ""): \(message)"
    }
}

/// Reads ACLED CSV exports of either layout as a stream of events, never holding the whole file.
public enum ACLEDReader {
    /// Reads `path`, handing every good event to `event` and every unusable row to `issue` (the reading goes
    /// on). Throws when the file cannot be read, is not CSV, or its header is not ACLED's. `chunkSize` is how
    /// much of the file is read at a time (the fuzz target varies it; the result never depends on it).
    public static func read(path: String, chunkSize: Int = 1 << 22, progress: ((Int) -> Void)? = nil,
                            event: (ACLEDEvent) throws -> Void, issue: (ACLEDFormatError) -> Void) throws -> ACLEDLayout {
        try read(CSVStreamReader(path: path, chunkSize: chunkSize), progress: progress, event: event, issue: issue)
    }

    /// Reads an export already in memory, exactly as `read(path:…)` reads a file.
    public static func read(data: Data, chunkSize: Int = 1 << 22, progress: ((Int) -> Void)? = nil,
                            event: (ACLEDEvent) throws -> Void, issue: (ACLEDFormatError) -> Void) throws -> ACLEDLayout {
        try read(CSVStreamReader(data: data, chunkSize: chunkSize), progress: progress, event: event, issue: issue)
    }

    static func read(_ reader: CSVStreamReader, progress: ((Int) -> Void)?,
                     event: (ACLEDEvent) throws -> Void, issue: (ACLEDFormatError) -> Void) throws -> ACLEDLayout {
        var header: ACLEDHeader?
        var columns: Columns?
        var rows = 0
        try reader.forEachRow { row in
            guard let header, let columns else {
                let parsed = try ACLEDHeader(columns: (0..<row.count).map { row.string($0) })
                header = parsed
                columns = Columns(parsed)
                return
            }
            if row.count == 1 && row.isEmpty(0) { return }
            rows += 1
            if let progress, rows % 100_000 == 0 { progress(rows) }
            switch parse(row, columns, layout: header.layout) {
            case .success(let e): try event(e)
            case .failure(let error): issue(error)
            }
        }
        guard let header else { throw ACLEDFormatError(line: 1, "the file is empty; an ACLED export starts with a header row") }
        return header.layout
    }

    /// Column positions, looked up once.
    struct Columns {
        let eventID, eventDate, timePrecision, disorderType, eventType, subEventType: Int
        let actor1, assocActor1, inter1, actor2, assocActor2, inter2, interaction, civilianTargeting: Int
        let iso, country, admin1, admin2, location, latitude, longitude, geoPrecision: Int
        let source, notes, fatalities, timestamp: Int
        let width: Int

        init(_ h: ACLEDHeader) {
            eventID = h.column("event_id_cnty"); eventDate = h.column("event_date")
            timePrecision = h.column("time_precision"); disorderType = h.column("disorder_type")
            eventType = h.column("event_type"); subEventType = h.column("sub_event_type")
            actor1 = h.column("actor1"); assocActor1 = h.column("assoc_actor_1"); inter1 = h.column("inter1")
            actor2 = h.column("actor2"); assocActor2 = h.column("assoc_actor_2"); inter2 = h.column("inter2")
            interaction = h.column("interaction"); civilianTargeting = h.column("civilian_targeting")
            iso = h.column("iso"); country = h.column("country"); admin1 = h.column("admin1"); admin2 = h.column("admin2")
            location = h.column("location"); latitude = h.column("latitude"); longitude = h.column("longitude")
            geoPrecision = h.column("geo_precision"); source = h.column("source"); notes = h.column("notes")
            fatalities = h.column("fatalities"); timestamp = h.column("timestamp")
            width = h.index.values.max().map { $0 + 1 } ?? 0
        }
    }

    static func parse(_ row: CSVStreamReader.Row, _ c: Columns, layout: ACLEDLayout) -> Result<ACLEDEvent, ACLEDFormatError> {
        let line = row.line
        guard row.count >= c.width else {
            return .failure(ACLEDFormatError(line: line, "has \(row.count) fields, the header \(c.width); check for an unquoted comma or a cut line"))
        }
        let id = row.string(c.eventID)
        guard !id.isEmpty else { return .failure(ACLEDFormatError(line: line, column: "event_id_cnty", "is empty; every ACLED event has an id such as PER1234")) }
        guard let date = row.isoDay(c.eventDate) ?? parseDate(row.string(c.eventDate)) else {
            return .failure(ACLEDFormatError(line: line, column: "event_date", "'\(row.string(c.eventDate))' is not a date; expected YYYY-MM-DD or DD Month YYYY"))
        }
        guard let timePrecision = row.int(c.timePrecision), (1...3).contains(timePrecision) else {
            return .failure(ACLEDFormatError(line: line, column: "time_precision", "'\(row.string(c.timePrecision))' is not 1, 2 or 3"))
        }
        guard let geoPrecision = row.int(c.geoPrecision), (1...3).contains(geoPrecision) else {
            return .failure(ACLEDFormatError(line: line, column: "geo_precision", "'\(row.string(c.geoPrecision))' is not 1, 2 or 3"))
        }
        let fatalities: Int
        if row.isEmpty(c.fatalities) {
            fatalities = 0
        } else {
            guard let f = row.int(c.fatalities), f >= 0 else {
                return .failure(ACLEDFormatError(line: line, column: "fatalities", "'\(row.string(c.fatalities))' is not a count"))
            }
            fatalities = f
        }
        guard let timestamp = row.int(c.timestamp) else {
            return .failure(ACLEDFormatError(line: line, column: "timestamp", "'\(row.string(c.timestamp))' is not a Unix time in seconds"))
        }
        func text(_ i: Int) -> String { i < 0 ? "" : row.string(i) }
        func number(_ i: Int) -> Double? { i < 0 || row.isEmpty(i) ? nil : Double(row.string(i).trimmedSpaces) }
        return .success(ACLEDEvent(
            eventID: id, eventDate: date, timePrecision: timePrecision, disorderType: text(c.disorderType),
            eventType: text(c.eventType), subEventType: text(c.subEventType),
            actor1: text(c.actor1), assocActor1: text(c.assocActor1), inter1: text(c.inter1),
            actor2: text(c.actor2), assocActor2: text(c.assocActor2), inter2: text(c.inter2),
            interaction: text(c.interaction), civilianTargeting: text(c.civilianTargeting),
            iso: c.iso < 0 ? nil : row.int(c.iso), country: text(c.country), admin1: text(c.admin1), admin2: text(c.admin2),
            location: text(c.location), latitude: number(c.latitude), longitude: number(c.longitude),
            geoPrecision: geoPrecision, source: text(c.source), notes: text(c.notes), fatalities: fatalities,
            timestamp: Int64(timestamp), layout: layout, line: line))
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"]

    /// `2023-01-09` (current exports), `09 January 2023` (legacy exports), `09-January-2023`, `09/01/2023`, `09-01-2023`.
    public static func parseDate(_ text: String) -> Day? {
        let trimmed = text.trimmedSpaces
        if trimmed.utf8.count == 10, trimmed.utf8[trimmed.utf8.index(trimmed.utf8.startIndex, offsetBy: 4)] == UInt8(ascii: "-") {
            return Day(trimmed)
        }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" })
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]) else { return nil }
        let month: Int?
        if let m = Int(parts[1]) {
            month = m
        } else {
            let name = parts[1].lowercased()
            month = months.firstIndex { $0 == name || (name.count >= 3 && $0.hasPrefix(name)) }.map { $0 + 1 }
        }
        guard let month else { return nil }
        return Day(year: year, month: month, day: day)
    }
}

import Foundation
