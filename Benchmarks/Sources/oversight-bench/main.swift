import Foundation

// Synthetic data generators for the benchmarks in Benchmarks/README.md.
// Usage: oversight-bench bundle --claims N --output FILE
//        oversight-bench sfm-units --rows N --output FILE
//        oversight-bench export-rows --rows N [--years Y] --output FILE
//        oversight-bench acled --rows N [--layout current|legacy] [--revision 1|2] [--seed S] --output FILE
//        oversight-bench search-bundle --incidents N --output FILE

struct Generator {
    var state: UInt64 = 0x9E3779B97F4A7C15
    init(state: UInt64 = 0x9E3779B97F4A7C15) { self.state = state }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

func writeBundle(claims: Int, to path: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    var buffer = Data()
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(10)
        if buffer.count > 4 << 20 { handle.write(buffer); buffer.removeAll(keepingCapacity: true) }
    }
    var random = Generator()
    let sources = 1_000
    let units = max(10, claims / 50)
    let persons = max(10, claims / 50)
    let postings = max(10, claims / 25)
    let incidents = max(10, claims / 10)
    let violations = ["unlawful-killing", "excessive-force", "torture", "arbitrary-detention"]
    line(#"{"format":"oversight-bundle","type":"bundle","version":1}"#)
    for s in 0..<sources {
        let year = 2000 + s % 25, month = 1 + s % 12, day = 1 + s % 28
        line(#"{"type":"source","id":"src:\#(s)","title":"Synthetic report \#(s)","publisher":"Publisher \#(s % 37)","published":"\#(year)-\#(month < 10 ? "0" : "")\#(month)-\#(day < 10 ? "0" : "")\#(day)","kind":"report"}"#)
    }
    for u in 0..<units {
        line(#"{"type":"unit","id":"unit:\#(u)","name":"Unit \#(u)","aliases":[],"classification":["police"],"country":"PE","force":"police"}"#)
    }
    for p in 0..<persons {
        line(#"{"type":"person","id":"person:\#(p)","name":"Person Number \#(p)","aliases":[]}"#)
    }
    var subjects: [String] = []
    subjects.reserveCapacity(postings + incidents)
    for p in 0..<postings {
        let year = 2000 + random.next(24)
        line(#"{"type":"posting","id":"posting:\#(p)","person":"person:\#(random.next(persons))","unit":"unit:\#(random.next(units))","role":"commander","range":{"start":"\#(year)","startIsReal":false,"end":"\#(year + 1)","endIsReal":false,"precise":true}}"#)
        subjects.append("posting:\(p)")
    }
    for i in 0..<incidents {
        let year = 2000 + random.next(25), month = 1 + random.next(12), day = 1 + random.next(28)
        let date = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        line(#"{"type":"incident","id":"incident:\#(i)","title":"Incident \#(i)","country":"PE","range":{"start":"\#(date)","startIsReal":true,"end":"\#(date)","endIsReal":true,"precise":true},"violations":["\#(violations[random.next(violations.count)])"],"killed":\#(random.next(20)),"victims":[],"perpetratorUnits":["unit:\#(random.next(units))"],"perpetratorPersons":[],"stateForces":true}"#)
        subjects.append("incident:\(i)")
    }
    // Every posting and incident gets one record claim first, so the bundle is valid; the rest are spread.
    for c in 0..<claims {
        let subject = c < subjects.count ? subjects[c] : subjects[random.next(subjects.count)]
        let s1 = random.next(sources), s2 = random.next(sources)
        line(#"{"type":"claim","id":"claim:\#(c)","subject":"\#(subject)","status":"accepted","confidence":"medium","citations":[{"source":"src:\#(s1)","page":"\#(random.next(300))"},{"source":"src:\#(s2)"}]}"#)
    }
    handle.write(buffer)
    try handle.close()
}

/// A synthetic SFM unit-relation TSV: one root, `rows / 2` units in a tree (each unit's parents come earlier, so
/// there are no cycles), and 20 years (2000–2020) of relation changes: every unit has one or more periods
/// under a parent, each ending (open flag E) where the next begins; the last period is open (Y or N).
/// About a tenth of the periods are task-force memberships (`member`). Dates mix year, month and day precision.
func writeSFMUnits(rows: Int, to path: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    var buffer = Data()
    func line(_ fields: [String]) {
        buffer.append(contentsOf: fields.joined(separator: "\t").utf8)
        buffer.append(10)
        if buffer.count > 4 << 20 { handle.write(buffer); buffer.removeAll(keepingCapacity: true) }
    }
    var random = Generator()
    let units = max(2, rows / 2)
    // Periods per unit: one each, and the remaining rows spread at random as relation changes.
    var periods = [Int](repeating: 1, count: units)
    periods[0] = 0
    // At most 10 periods a unit, so that periods stay at least a year apart.
    var extra = max(0, rows - 1 - (units - 1))
    while extra > 0 {
        let u = 1 + random.next(units - 1)
        if periods[u] < 10 { periods[u] += 1; extra -= 1 }
    }
    let kinds = ["Police", "Army", "Navy", "Air Force"]
    func name(_ u: Int) -> String { u == 0 ? "Ministry of Defence" : "Unit \(u) \(kinds[u % kinds.count])" }
    func classification(_ u: Int) -> String { u == 0 ? "Ministry" : (u < 100 ? "Command;\(kinds[u % kinds.count])" : kinds[u % kinds.count]) }
    func date(_ day: Int) -> String {
        // `day` counts days from 2000-01-01 in 360-day years of 30-day months (the generator needs no calendar).
        let year = 2000 + day / 360, month = 1 + (day % 360) / 30, d = 1 + day % 30 % 28
        let mm = month < 10 ? "0\(month)" : "\(month)", dd = d < 10 ? "0\(d)" : "\(d)"
        switch random.next(3) {
        case 0: return "\(year)"
        case 1: return "\(year)-\(mm)"
        default: return "\(year)-\(mm)-\(dd)"
        }
    }
    line(["unit:id:admin", "unit:name", "unit:classification", "unit:relation_type", "unit:related_unit_id:admin",
          "unit:related_unit", "unit:related_unit_class", "unit:related_unit_first_cited_date",
          "unit:related_unit_first_cited_date_start", "unit:related_unit_last_cited_date", "unit:related_unit_open"])
    line(["u0", name(0), classification(0), "", "", "", "", "", "", "", ""])
    let span = 20 * 360
    for u in 1..<units {
        let n = periods[u]
        // Change points, sorted and at least a year apart so dates of any precision stay in order.
        let slot = span / n
        var bounds: [Int] = [random.next(360)]
        for k in 1..<max(1, n) { bounds.append(k * slot + random.next(max(1, slot - 360))) }
        for k in 0..<n {
            // A parent earlier in the tree: mostly the unit's natural parent, sometimes another one.
            let natural = (u - 1) / 4
            let parent = random.next(4) == 0 ? random.next(u) : natural
            let member = random.next(10) == 0
            let first = date(bounds[k])
            let isLast = k == n - 1
            let last = isLast ? date(span - 360 + random.next(360)) : date(bounds[k + 1] - 360)
            line(["u\(u)", name(u), classification(u), member ? "member" : "child", "u\(parent)", name(parent),
                  member ? "informal" : "command", first, k == 0 ? (random.next(2) == 0 ? "Y" : "N") : "Y",
                  last, isLast ? (random.next(2) == 0 ? "Y" : "N") : "E"])
        }
    }
    handle.write(buffer)
    try handle.close()
}

/// An exports table of `rows` rows with an exporter column (`exporter,year,destination,ecl_item,value_cad,
/// permits_utilised`): 20 exporters, `years` years ending in 2024, 240 destinations, the 22 Group 2 items,
/// values from 1 to 10 million dollars with cents. Read by `oversight bench report --input FILE`.
func writeExportRows(rows: Int, years: Int, to path: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    let exporters = ["CA", "US", "FR", "DE", "GB", "IT", "ES", "SE", "NL", "BE", "CH", "NO", "AT", "CZ", "PL", "KR", "IL", "TR", "BR", "AU"]
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    var destinations: [String] = []
    for a in letters { for b in letters where destinations.count < 240 { destinations.append("\(a)\(b)") } }
    var random = Generator()
    var buffer = "exporter,year,destination,ecl_item,value_cad,permits_utilised\n"
    for _ in 0..<rows {
        let year = 2024 - random.next(years)
        let cents = 100 + random.next(1_000_000_000)
        buffer += "\(exporters[random.next(exporters.count)]),\(year),\(destinations[random.next(destinations.count)]),2-\(1 + random.next(22)),\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100),\(random.next(30))\n"
        if buffer.utf8.count > 1 << 20 { handle.write(Data(buffer.utf8)); buffer = "" }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
}

let arguments = CommandLine.arguments
func value(_ flag: String) -> String? {
    guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
switch arguments.dropFirst().first {
case "bundle":
    let claims = Int(value("--claims") ?? "1000000") ?? 1_000_000
    let output = value("--output") ?? "synthetic.jsonl"
    try writeBundle(claims: claims, to: output)
    print("wrote \(output): \(claims) claims")
case "sfm-units":
    let rows = Int(value("--rows") ?? "100000") ?? 100_000
    let output = value("--output") ?? "sfm-units.tsv"
    try writeSFMUnits(rows: rows, to: output)
    print("wrote \(output): \(rows) rows, \(max(2, rows / 2)) units")
case "export-rows":
    let rows = Int(value("--rows") ?? "1000000") ?? 1_000_000
    let years = Int(value("--years") ?? "10") ?? 10
    let output = value("--output") ?? "export-rows.csv"
    try writeExportRows(rows: rows, years: years, to: output)
    print("wrote \(output): \(rows) export rows over \(years) year(s)")
case "acled":
    let rows = Int(value("--rows") ?? "1000000") ?? 1_000_000
    let layout = ACLEDLayoutName(rawValue: value("--layout") ?? "current") ?? .current
    let revision = Int(value("--revision") ?? "1") ?? 1
    let seed = UInt64(value("--seed") ?? "1") ?? 1
    let output = value("--output") ?? "acled.csv"
    try writeACLED(rows: rows, layout: layout, revision: revision, seed: seed, to: output)
    print("wrote \(output): \(rows) synthetic ACLED events (\(layout.rawValue) layout, revision \(revision))")
case "search-bundle":
    let incidents = Int(value("--incidents") ?? "1000000") ?? 1_000_000
    let output = value("--output") ?? "search.jsonl"
    try writeSearchBundle(incidents: incidents, to: output)
    print("wrote \(output): \(incidents) incidents")
default:
    print("""
        usage: oversight-bench bundle --claims N --output FILE
               oversight-bench sfm-units --rows N --output FILE
               oversight-bench acled --rows N [--layout current|legacy] [--revision 1|2] [--seed S] --output FILE
               oversight-bench search-bundle --incidents N --output FILE
               oversight-bench export-rows --rows N [--years Y] --output FILE
        """)
    exit(2)
}
