import Foundation
import Testing
import OversightCore
import OversightFormats

struct BundleReaderTests {
    func read(_ text: String) throws -> [(Record, String)] {
        var out: [(Record, String)] = []
        try BundleReader().read(Data(text.utf8)) { out.append(($0, $1)) }
        return out
    }

    let header = #"{"format":"oversight-bundle","type":"bundle","version":1}"#

    @Test func readsRecordsAndCanonicalisesThem() throws {
        let records = try read("""
        \(header)
        {  "type": "source", "title": "T", "publisher": "P", "published": "2023-01", "id": "src:a" }

        {"type":"unit","id":"unit:a","name":"A","aliases":[],"classification":[]}\r
        """)
        #expect(records.count == 2)
        #expect(records[0].1 == #"{"id":"src:a","published":"2023-01","publisher":"P","title":"T","type":"source"}"#)
        guard case .unit(let unit) = records[1].0 else { Issue.record("expected a unit"); return }
        #expect(unit.name == "A")
    }

    @Test(arguments: [
        (#"{"type":"unit","id":"unit:a","name":"A","aliases":[]}"#, "missing required field 'classification'"),
        (#"{"type":"widget","id":"w"}"#, "unknown type 'widget'"),
        (#"{"type":"source","id":"s","title":"T","publisher":"P","published":"2023-13"}"#, "field 'published'"),
        (#"{"type":"claim","id":"c","subject":"unit:a","status":"sure","confidence":"high","citations":[]}"#, "field 'status'"),
        (#"{"type":"unit","#, "not valid JSON"),
    ])
    func malformedLinesNameTheLineAndTheProblem(line: String, message: String) throws {
        let error = #expect(throws: BundleReader.LineError.self) {
            _ = try read("\(header)\n\(line)\n")
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func rejectsFilesThatAreNotBundles() {
        #expect(throws: BundleReader.LineError.self) { _ = try read("") }
        let wrongVersion = #expect(throws: BundleReader.LineError.self) {
            _ = try read(#"{"format":"oversight-bundle","type":"bundle","version":9}"#)
        }
        #expect(wrongVersion?.message.contains("version 9") == true)
        #expect(throws: BundleReader.LineError.self) { _ = try read(#"{"type":"unit"}"#) }
    }
}

struct ParallelBundleReaderTests {
    func bundle(_ count: Int, badLine: Int? = nil) -> Data {
        var lines = [#"{"format":"oversight-bundle","type":"bundle","version":1}"#]
        for n in 0..<count {
            lines.append(n + 2 == badLine ? #"{"type":"claim","id":"#
                : #"{"type":"claim","id":"claim:\#(n)","subject":"unit:a","status":"accepted","confidence":"high","citations":[{"source":"src:a"}]}"#)
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    @Test func givesTheSameRecordsInTheSameOrderAsTheSequentialReader() throws {
        let data = bundle(5_000)
        var sequential: [String] = []
        try BundleReader().read(data) { _, json in sequential.append(json) }
        var parallel: [String] = []
        try BundleReader().readInParallel(data) { _, json in parallel.append(json) }
        #expect(parallel == sequential)
        #expect(parallel.count == 5_000)
    }

    @Test func reportsTheLineOfAMalformedRecordAndStops() throws {
        var seen = 0
        let error = #expect(throws: BundleReader.LineError.self) {
            try BundleReader().readInParallel(bundle(5_000, badLine: 3_001)) { _, _ in seen += 1 }
        }
        #expect(error?.line == 3_001)
        #expect(seen <= 2_999)
    }

    @Test func anErrorFromTheConsumerStopsTheProducerAndKeepsTheLineNumber() throws {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try BundleReader().readInParallel(bundle(50_000)) { _, _ in
                seen += 1
                if seen == 10 { throw Stop() }
            }
        }
        let validation = #expect(throws: BundleReader.LineError.self) {
            var n = 0
            try BundleReader().readInParallel(bundle(100)) { _, _ in
                n += 1
                if n == 7 { throw ValidationError([ValidationIssue(path: "x", message: "bad")]) }
            }
        }
        #expect(validation?.line == 8)
    }
}
