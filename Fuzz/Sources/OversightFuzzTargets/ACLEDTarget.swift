import Foundation
import OversightCore
import OversightFormats

/// ACLED exports: the input is the rows after a fixed header of one layout (so the fuzzer spends its time on
/// rows). It is read from memory (the file source differs only in where its chunks come from) twice, in one
/// chunk and in chunks of a few bytes, which must give the same events, issues and errors: the stream reader's
/// chunk boundaries must never show. Every event must map to a candidate incident that validation would accept,
/// or to an error naming its line and column; every error names its line.
enum ACLEDTarget {
    static let currentHeader = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n"
    static let legacyHeader = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3\n"

    @Sendable static func current(_ data: Data) { run(Data(currentHeader.utf8) + data, layout: .current, "acled-current") }
    @Sendable static func legacy(_ data: Data) { run(Data(legacyHeader.utf8) + data, layout: .legacy, "acled-legacy") }

    static let mapper = ACLEDMapper()

    struct Outcome: Equatable {
        var events: [ACLEDEvent] = []
        var issues: [ACLEDFormatError] = []
        var error: String?
    }

    static func read(_ data: Data, chunkSize: Int, _ name: String) -> (Outcome, ACLEDLayout?) {
        var outcome = Outcome()
        var layout: ACLEDLayout?
        do {
            layout = try ACLEDReader.read(data: data, chunkSize: chunkSize, event: { outcome.events.append($0) },
                                          issue: { outcome.issues.append($0) })
        } catch let error as ACLEDFormatError {
            FuzzCheck.expect(error.line >= 1, name, "an error names line \(error.line): \(error)")
            outcome.error = error.description
        } catch let error as CSVStreamError {
            FuzzCheck.expect(error.line >= 1, name, "an error names line \(error.line): \(error)")
            outcome.error = "line \(error.line): \(error.message)"
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        return (outcome, layout)
    }

    static func run(_ data: Data, layout expected: ACLEDLayout, _ name: String) {
        let (whole, layout) = read(data, chunkSize: 1 << 22, name)
        let small = 1 + Int(data.last ?? 0) % 61
        let (chunked, _) = read(data, chunkSize: small, name)
        FuzzCheck.expect(whole == chunked, name, "reading in chunks of \(small) bytes gives another result:\n\(whole)\n\(chunked)")
        if let layout { FuzzCheck.expect(layout == expected, name, "the \(expected) header was read as \(layout)") }
        for issue in whole.issues {
            FuzzCheck.expect(issue.line >= 2, name, "a row issue names line \(issue.line): \(issue)")
        }
        for event in whole.events {
            FuzzCheck.expect(event.line >= 2 && !event.eventID.isEmpty && (1...3).contains(event.timePrecision)
                             && (1...3).contains(event.geoPrecision) && event.fatalities >= 0, name, "an event breaks its documented ranges: \(event)")
            switch mapper.candidate(event) {
            case .success(let candidate):
                FuzzCheck.expect(FuzzCheck.isCountry(candidate.country), name, "candidate country \(candidate.country) is not a country")
                FuzzCheck.expect(!candidate.range.isInverted, name, "candidate range is inverted: \(candidate.range)")
                for code in candidate.violations {
                    FuzzCheck.expect(FuzzCheck.validator.isKnownViolation(code), name, "candidate violation \(code) is not in the taxonomy")
                }
                let json = candidate.jsonBytes()
                FuzzCheck.expect(!json.isEmpty, name, "candidate \(candidate.eventID) encodes to nothing")
            case .failure(let error):
                FuzzCheck.expect(error.line == event.line && error.column != nil, name, "a mapping error names no line or column: \(error)")
            }
        }
    }
}
