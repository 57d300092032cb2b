import Foundation
import OversightCore
@testable import OversightFormats
import Testing

/// The ACLED reader and mapping, on synthetic exports of both layouts.
struct ACLEDTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-acled-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func file(_ text: String, _ name: String = "export.csv") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ text: String) throws -> (ACLEDLayout, [ACLEDEvent], [ACLEDFormatError]) {
        var events: [ACLEDEvent] = []
        var issues: [ACLEDFormatError] = []
        let layout = try ACLEDReader.read(path: try file(text), event: { events.append($0) }, issue: { issues.append($0) })
        return (layout, events, issues)
    }

    @Test func bothLayoutsAreDetectedAndReadAlike() throws {
        let (currentLayout, current, currentIssues) = try read(ACLEDFixtures.current)
        let (legacyLayout, legacy, legacyIssues) = try read(ACLEDFixtures.legacy)
        #expect(currentLayout == .current)
        #expect(legacyLayout == .legacy)
        #expect(currentIssues.isEmpty && legacyIssues.isEmpty)
        #expect(current.count == 10)
        #expect(current.map(\.eventID) == legacy.map(\.eventID))
        #expect(current.map(\.eventDate) == legacy.map(\.eventDate), "the legacy '09 January 2023' dates read as the same days")
        #expect(current.map(\.fatalities) == legacy.map(\.fatalities))
        #expect(current.map(\.timestamp) == legacy.map(\.timestamp))
        // Actor types: text in the 2023 layout, numbers in the legacy one; both mean the same to the mapper.
        let mapper = ACLEDMapper()
        for (a, b) in zip(current, legacy) {
            let ca = try mapper.candidate(a).get(), cb = try mapper.candidate(b).get()
            #expect(ca.stateForces == cb.stateForces, "\(a.eventID)")
            #expect(ca.country == cb.country)
            #expect(ca.range == cb.range)
            #expect(ca.violations == cb.violations, "\(a.eventID): \(ca.violations) vs \(cb.violations)")
        }
        let first = try mapper.candidate(current[0]).get()
        #expect(first.eventID == "MEX1")
        #expect(first.country == "MX", "ISO numeric 484 is Mexico")
        #expect(current[0].notes.contains(","), "a quoted field with commas is read whole")
    }

    @Test(arguments: [
        (1, "2023-01-09", "2023-01-09", true),
        (2, "2023-01-06", "2023-01-12", false),
        (3, "2023-01", "2023-01", false),
    ])
    func timePrecisionBecomesARange(precision: Int, start: String, end: String, precise: Bool) {
        let range = ACLEDMapper.range(date: Day("2023-01-09")!, timePrecision: precision)
        #expect(range.start?.description == start)
        #expect(range.end?.description == end)
        #expect(range.precise == precise)
        #expect(range.startIsReal && range.endIsReal, "the event happened inside the range")
        let day = Day("2023-01-10")!
        #expect(range.presence(on: day) == (precision == 1 ? .no : .possible))
    }

    @Test func geoPrecisionBecomesUncertainty() throws {
        let (_, events, _) = try read(ACLEDFixtures.current)
        for event in events {
            let candidate = try ACLEDMapper().candidate(event).get()
            #expect(candidate.uncertaintyMetres == [1: 5_000, 2: 25_000, 3: 100_000][event.geoPrecision])
            #expect(candidate.proposedLocation().uncertaintyMetres == candidate.uncertaintyMetres)
            #expect(candidate.proposedLocation().latitude == event.latitude)
        }
    }

    @Test(arguments: [
        ("Protests", "Excessive force against protesters", 0, true, false, ["excessive-force"]),
        ("Protests", "Excessive force against protestors", 3, true, false, ["excessive-force", "unlawful-killing"]),
        ("Violence against civilians", "Attack", 2, true, true, ["unlawful-killing"]),
        ("Violence against civilians", "Attack", 0, true, true, ["excessive-force"]),
        ("Violence against civilians", "Attack", 2, false, true, []),
        ("Violence against civilians", "Sexual violence", 0, false, true, ["sgbv"]),
        ("Violence against civilians", "Abduction/forced disappearance", 0, true, true, ["enforced-disappearance"]),
        ("Strategic developments", "Arrests", 0, true, false, ["arbitrary-detention"]),
        ("Explosions/Remote violence", "Air/drone strike", 4, true, true, ["ihl-attack"]),
        ("Protests", "Peaceful protest", 0, false, false, []),
        ("Battles", "Armed clash", 5, true, false, []),
        ("Riots", "Violent demonstration", 1, true, false, ["unlawful-killing"]),
    ])
    func subEventTypesSuggestViolations(type: String, sub: String, fatalities: Int, state: Bool, civilians: Bool,
                                        expected: [String]) {
        let codes = ACLEDMapper.violations(eventType: type, subEventType: sub, fatalities: fatalities, stateForces: state,
                                           civilianTargeting: civilians)
        #expect(codes == expected)
        for code in codes { #expect(ReferenceData.shared.violationType(code) != nil, "\(code) is in the taxonomy") }
    }

    @Test func stateActorsMapToUnitsWhenAMappingExists() throws {
        let mapping = try file("actor,unit\n\"Police Forces of Mexico (2018-)\",unit:mx-police\n", "mapping.csv")
        let units = try ACLEDMapper.readActorMapping(path: mapping)
        let mapper = ACLEDMapper(actorUnits: units)
        let (_, events, _) = try read(ACLEDFixtures.current)
        for event in events {
            let candidate = try mapper.candidate(event).get()
            for actor in candidate.stateActors {
                #expect(actor.unit == (actor.name == "Police Forces of Mexico (2018-)" ? "unit:mx-police" : nil),
                        "\(event.eventID): \(actor.name)")
            }
            if candidate.stateForces && candidate.mappedUnits.isEmpty {
                #expect(!candidate.unmappedActors.isEmpty, "unmapped state actors stay as text for a researcher")
                #expect(candidate.proposedIncident().description?.contains("not yet linked") == true)
            }
        }
        // A mapped police actor becomes a perpetrator unit of the proposed incident.
        let police = ACLEDEvent(eventID: "MEX99", eventDate: Day("2023-01-09")!, timePrecision: 1, disorderType: "",
                                eventType: "Protests", subEventType: "Excessive force against protesters",
                                actor1: "Police Forces of Mexico (2018-)", assocActor1: "", inter1: "State forces",
                                actor2: "Protesters (Mexico)", assocActor2: "", inter2: "Protesters", interaction: "",
                                civilianTargeting: "", iso: 484, country: "Mexico", admin1: "", admin2: "", location: "Oaxaca",
                                latitude: nil, longitude: nil, geoPrecision: 1, source: "", notes: "", fatalities: 0,
                                timestamp: 1, layout: .current, line: 2)
        #expect(try mapper.candidate(police).get().proposedIncident().perpetratorUnits == ["unit:mx-police"])
    }

    @Test func badRowsAreReportedWithLineAndColumnAndTheRestRead() throws {
        var lines = ACLEDFixtures.current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: ",1,", with: ",7,")   // time_precision 7 on line 3
        let parts = lines[4].split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        lines[4] = parts[0] + ",2023-13-45," + parts[2]                     // an impossible date on line 5
        let (_, events, issues) = try read(lines.joined(separator: "\n"))
        #expect(issues.contains { $0.line == 3 && $0.column == "time_precision" })
        #expect(issues.contains { $0.line == 5 && $0.column == "event_date" })
        #expect(events.count == 8 && issues.count == 2)
    }

    @Test func aFileThatIsNotAnACLEDExportIsRejected() throws {
        #expect(throws: ACLEDFormatError.self) { try read("a,b,c\n1,2,3\n") }
        do {
            _ = try read("event_id_cnty,event_date\nX,2023-01-01\n")
            Issue.record("expected an error")
        } catch let error as ACLEDFormatError {
            #expect(error.message.contains("time_precision"), "names the missing columns: \(error)")
        }
    }

    @Test func quotedLineBreaksAndChunkBoundariesAreHandled() throws {
        let text = "a,b,c\n1,\"two\nlines, and \"\"quotes\"\"\",3\r\n4,5,6\n"
        let path = try file(text, "small.csv")
        for chunk in [1, 2, 3, 7, 64] {
            let reader = try CSVStreamReader(path: path, chunkSize: chunk)
            var rows: [[String]] = []
            try reader.forEachRow { row in rows.append((0..<row.count).map { row.string($0) }) }
            #expect(rows == [["a", "b", "c"], ["1", "two\nlines, and \"quotes\"", "3"], ["4", "5", "6"]], "chunk \(chunk)")
        }
    }

    /// The in-memory source (what the fuzz target reads) gives what the file gives, events, issues and errors alike.
    @Test func anExportInMemoryReadsAsTheSameFile() throws {
        func fromMemory(_ text: String, chunk: Int) throws -> (ACLEDLayout, [ACLEDEvent], [ACLEDFormatError]) {
            var events: [ACLEDEvent] = []
            var issues: [ACLEDFormatError] = []
            let layout = try ACLEDReader.read(data: Data(text.utf8), chunkSize: chunk, event: { events.append($0) },
                                              issue: { issues.append($0) })
            return (layout, events, issues)
        }
        let damaged = ACLEDFixtures.legacy.replacingOccurrences(of: ",1,", with: ",9,")
        for text in [ACLEDFixtures.current, ACLEDFixtures.legacy, damaged] {
            let (layout, events, issues) = try read(text)
            for chunk in [1, 5, 1 << 22] {
                let (memoryLayout, memoryEvents, memoryIssues) = try fromMemory(text, chunk: chunk)
                #expect(memoryLayout == layout && memoryEvents == events, "chunk \(chunk)")
                #expect(memoryIssues.map(\.description) == issues.map(\.description), "chunk \(chunk)")
            }
        }
        #expect(!(try read(damaged).2.isEmpty), "the damaged export has issues to compare")
        #expect {
            _ = try fromMemory("a,\"b\n", chunk: 3)
        } throws: { error in
            (error as? CSVStreamError)?.line == 1 && "\(error)".contains("quoted field")
        }
    }

    @Test func candidateJSONDecodesToTheSameCandidate() throws {
        let (_, events, _) = try read(ACLEDFixtures.current)
        for event in events {
            var candidate = try ACLEDMapper().candidate(event).get()
            candidate.reviewNote = "checked \"twice\"\n"
            let decoded = try JSONDecoder().decode(CandidateIncident.self, from: Data(candidate.jsonBytes()))
            #expect(decoded == candidate)
        }
    }
}

/// The byte-level text helpers of the per-row path agree with Foundation's trimming.
struct ASCIITextTests {
    @Test func trimmingAndBlanksMatchFoundation() {
        for text in ["", " ", "\t", "State forces", "  State forces ", "\tPerú\t", "Perú ", "\u{00A0}Lima\u{00A0}", "\u{00A0}", " a b "] {
            #expect(text.trimmedSpaces == text.trimmingCharacters(in: .whitespaces), "'\(text)'")
            #expect(text.isBlank == text.trimmingCharacters(in: .whitespaces).isEmpty, "'\(text)'")
        }
    }

    @Test func datesAreReadInEveryLayout() {
        #expect(ACLEDReader.parseDate(" 2023-01-09 ") == Day("2023-01-09"))
        #expect(ACLEDReader.parseDate("09 January 2023") == Day("2023-01-09"))
        #expect(ACLEDReader.parseDate("2023-02-30") == nil)
        #expect(ACLEDReader.parseDate("2023-1-09") == nil)
    }
}
