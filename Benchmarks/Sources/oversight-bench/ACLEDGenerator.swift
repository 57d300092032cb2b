import Foundation

// Synthetic ACLED exports (ACLED rows may not be redistributed, so the tests and benchmarks make their own),
// and a bundle of many incidents for the search benchmark.

/// The two ACLED column layouts.
enum ACLEDLayoutName: String { case current, legacy }

let acledCurrentHeader = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
                          "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                          "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
                          "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
                          "timestamp"]
let acledLegacyHeader = ["data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
                         "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                         "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
                         "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3"]

struct SyntheticCountry {
    var iso: Int, name: String, prefix: String
}

let syntheticCountries = [
    SyntheticCountry(iso: 604, name: "Peru", prefix: "PER"), SyntheticCountry(iso: 170, name: "Colombia", prefix: "COL"),
    SyntheticCountry(iso: 152, name: "Chile", prefix: "CHL"), SyntheticCountry(iso: 68, name: "Bolivia", prefix: "BOL"),
    SyntheticCountry(iso: 218, name: "Ecuador", prefix: "ECU"), SyntheticCountry(iso: 484, name: "Mexico", prefix: "MEX"),
    SyntheticCountry(iso: 76, name: "Brazil", prefix: "BRA"), SyntheticCountry(iso: 32, name: "Argentina", prefix: "ARG"),
]

/// (disorder type, event type, sub-event type, second actor: 0 protesters, 1 civilians, 2 rioters, 3 none, 4 rebels)
let syntheticEventKinds: [(String, String, String, Int)] = [
    ("Demonstrations", "Protests", "Peaceful protest", 0),
    ("Demonstrations", "Protests", "Protest with intervention", 0),
    ("Demonstrations", "Protests", "Excessive force against protesters", 0),
    ("Demonstrations", "Riots", "Violent demonstration", 2),
    ("Political violence", "Riots", "Mob violence", 2),
    ("Political violence", "Violence against civilians", "Attack", 1),
    ("Political violence", "Violence against civilians", "Abduction/forced disappearance", 1),
    ("Political violence", "Violence against civilians", "Sexual violence", 1),
    ("Strategic developments", "Strategic developments", "Arrests", 1),
    ("Political violence", "Battles", "Armed clash", 4),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", 1),
]

let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]
let noteWords = ["police", "protesters", "road", "blockade", "tear", "gas", "rubber", "bullets", "airport", "plaza",
                 "march", "strike", "teachers", "farmers", "students", "injured", "detained", "killed", "clashes", "curfew"]

func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

/// Writes `rows` synthetic ACLED events. Revision 2 of the same seed is a "newer export": every tenth event has a
/// newer timestamp and one more fatality, every hundredth (i % 100 == 7) is gone, and 1% new events are added.
func writeACLED(rows: Int, layout: ACLEDLayoutName, revision: Int, seed: UInt64, to path: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    var buffer = Data()
    func line(_ fields: [String]) {
        buffer.append(contentsOf: fields.map(csvField).joined(separator: ",").utf8)
        buffer.append(10)
        if buffer.count > 4 << 20 { handle.write(buffer); buffer.removeAll(keepingCapacity: true) }
    }
    line(layout == .current ? acledCurrentHeader : acledLegacyHeader)
    let total = revision >= 2 ? rows + rows / 100 : rows
    for i in 0..<total {
        if revision >= 2 && i < rows && i % 100 == 7 { continue }
        // Each event's content depends only on the seed and its number, so revisions agree on unchanged events.
        var random = Generator(state: seed &+ UInt64(i) &* 0x2545F4914F6CDD1D)
        let country = syntheticCountries[random.next(syntheticCountries.count)]
        let kind = syntheticEventKinds[random.next(syntheticEventKinds.count)]
        let dayOffset = random.next(7 * 365)
        var (y, m, d) = (2018, 1, 1)
        var left = dayOffset
        while true {
            let monthDays = [31, (y % 4 == 0 ? 29 : 28), 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
            if left < monthDays { d += left; break }
            left -= monthDays
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        let timePrecision = [1, 1, 1, 1, 1, 1, 2, 2, 3][random.next(9)]
        let geoPrecision = [1, 1, 1, 1, 2, 2, 3][random.next(7)]
        let state = random.next(3) == 0 ? "Military Forces of \(country.name) (2018-)" : "Police Forces of \(country.name) (2018-)"
        let other: (String, String, Int)
        switch kind.3 {
        case 0: other = ("Protesters (\(country.name))", "Protesters", 6)
        case 1: other = ("Civilians (\(country.name))", "Civilians", 7)
        case 2: other = ("Rioters (\(country.name))", "Rioters", 5)
        case 4: other = ("Rebel group \(random.next(20))", "Rebel group", 2)
        default: other = ("", "", 0)
        }
        let stateFirst = kind.2 != "Peaceful protest" && kind.2 != "Violent demonstration" && kind.2 != "Mob violence"
        let actor1 = stateFirst ? (state, "State forces", 1) : (other.0.isEmpty ? (state, "State forces", 1) : other)
        let actor2 = stateFirst ? other : (kind.2 == "Peaceful protest" ? ("", "", 0) : (state, "State forces", 1))
        var fatalities = random.next(10) < 8 ? 0 : 1 + random.next(5)
        var timestamp = 1_600_000_000 + i
        if revision >= 2 && i < rows && i % 10 == 0 {
            fatalities += 1
            timestamp += 50_000_000
        }
        let town = "Town \(random.next(5000))", region = "Region \(random.next(25))"
        let notes = "On \(d) \(monthNames[m - 1]) \(y), " + (0..<12).map { _ in noteWords[random.next(noteWords.count)] }.joined(separator: " ")
            + " in \(town), \(region)."
        let lat = String(format: "%.4f", -50 + Double(random.next(60_000)) / 1000)
        let lon = String(format: "%.4f", -80 + Double(random.next(40_000)) / 1000)
        let id = "\(country.prefix)\(i + 1)"
        let interaction = actor2.0.isEmpty ? "\(actor1.1) only" : "\(actor1.1)-\(actor2.1)"
        let legacyInteraction = actor2.0.isEmpty ? "\(actor1.2)0" : "\(min(actor1.2, actor2.2))\(max(actor1.2, actor2.2))"
        let civilianTargeting = kind.3 == 1 ? "Civilian targeting" : ""
        let source = "Synthetic Daily \(random.next(40)); Synthetic Radio \(random.next(20))"
        switch layout {
        case .current:
            let date = "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
            line([id, date, "\(y)", "\(timePrecision)", kind.0, kind.1, kind.2, actor1.0, "", actor1.1, actor2.0, "", actor2.1,
                  interaction, civilianTargeting, "\(country.iso)", "South America", country.name, region, "District \(random.next(200))",
                  "", town, lat, lon, "\(geoPrecision)", source, "National", notes, "\(fatalities)",
                  random.next(4) == 0 ? "crowd size=no report" : "", "\(timestamp)"])
        case .legacy:
            let date = "\(d < 10 ? "0" : "")\(d) \(monthNames[m - 1]) \(y)"
            line(["\(9_000_000 + i)", "\(country.iso)", id, "\(i + 1)", date, "\(y)", "\(timePrecision)", kind.1, kind.2,
                  actor1.0, "", "\(actor1.2)", actor2.0, "", actor2.2 == 0 ? "0" : "\(actor2.2)", legacyInteraction,
                  "South America", country.name, region, "District \(random.next(200))", "", town, lat, lon, "\(geoPrecision)",
                  source, "National", notes, "\(fatalities)", "\(timestamp)", country.prefix])
        }
    }
    handle.write(buffer)
    try handle.close()
}

/// A bundle with `incidents` incidents (one claim each), 2,000 units, 5,000 persons and 100 sources, for the
/// search benchmark. Titles and descriptions draw on 20,000 synthetic place names and a 5,000-word vocabulary,
/// with accents on some, so searches match tens to thousands of records.
func writeSearchBundle(incidents: Int, to path: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    var buffer = Data()
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(10)
        if buffer.count > 4 << 20 { handle.write(buffer); buffer.removeAll(keepingCapacity: true) }
    }
    var random = Generator()
    line(#"{"format":"oversight-bundle","type":"bundle","version":1}"#)
    for s in 0..<100 {
        line(#"{"type":"source","id":"src:\#(s)","title":"Synthetic report \#(s) on \#(searchWord(s))","publisher":"Publisher \#(s % 7)","published":"2000-01-01","kind":"report"}"#)
    }
    for u in 0..<2_000 {
        line(#"{"type":"unit","id":"unit:\#(u)","name":"Comisaría \#(searchPlace(u))","aliases":["Station \#(u)"],"classification":["police"],"country":"PE","force":"police"}"#)
    }
    for p in 0..<5_000 {
        line(#"{"type":"person","id":"person:\#(p)","name":"\#(searchWord(p * 7)) \#(searchWord(p * 13 + 1)) \#(searchWord(p * 3 + 2))","aliases":[]}"#)
    }
    let violations = ["unlawful-killing", "excessive-force", "torture", "arbitrary-detention"]
    let countries = ["PE", "CO", "CL", "BO", "EC", "MX", "BR", "AR"]
    for i in 0..<incidents {
        let year = 2000 + random.next(25), month = 1 + random.next(12), day = 1 + random.next(28)
        let date = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        let place = searchPlace(random.next(20_000))
        let words = (0..<10).map { _ in searchWord(random.next(5_000)) }.joined(separator: " ")
        line(#"{"type":"incident","id":"incident:\#(i)","title":"\#(words.split(separator: " ").prefix(2).joined(separator: " ")) in \#(place)","country":"\#(countries[random.next(countries.count)])","place":"\#(place)","range":{"start":"\#(date)","startIsReal":true,"end":"\#(date)","endIsReal":true,"precise":true},"violations":["\#(violations[random.next(violations.count)])"],"killed":\#(random.next(5)),"victims":[],"perpetratorUnits":["unit:\#(random.next(2_000))"],"perpetratorPersons":[],"stateForces":true,"description":"\#(words)"}"#)
    }
    for i in 0..<incidents {
        line(#"{"type":"claim","id":"claim:\#(i)","subject":"incident:\#(i)","status":"accepted","confidence":"medium","citations":[{"source":"src:\#(i % 100)"}]}"#)
    }
    handle.write(buffer)
    try handle.close()
}

let searchSyllables = ["ka", "lo", "mi", "ra", "tu", "pe", "so", "ni", "qui", "ya", "hua", "cha", "mo", "re", "li", "za",
                       "bo", "té", "ná", "gú"]

/// A synthetic word (number n of the vocabulary): three syllables, some with accents.
func searchWord(_ n: Int) -> String {
    let s = searchSyllables.count
    let word = searchSyllables[n % s] + searchSyllables[(n / s) % s] + searchSyllables[(n / (s * s)) % s] + (n >= s * s * s ? "\(n / (s * s * s))" : "")
    return word.prefix(1).uppercased() + word.dropFirst()
}

/// A synthetic place name: a word and a suffix.
func searchPlace(_ n: Int) -> String { searchWord(n + 11) + ["", " Alto", " Bajo", "pampa"][n % 4] }
