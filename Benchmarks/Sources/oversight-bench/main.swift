import Foundation

// Synthetic data generators for the benchmarks in Benchmarks/README.md.
// Usage: oversight-bench bundle --claims N --output FILE

struct Generator {
    var state: UInt64 = 0x9E3779B97F4A7C15
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

func writeBundle(claims: Int, to path: String) throws {
    FileManager.default.createFile(atPath: path, contents: nil)
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
default:
    print("usage: oversight-bench bundle --claims N --output FILE")
    exit(2)
}
