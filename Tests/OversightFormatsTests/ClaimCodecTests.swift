import Foundation
import Testing
@testable import OversightCore
@testable import OversightFormats

/// The hand-written claim reader and writer must agree byte for byte with the general JSON coder.
struct ClaimCodecTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func string() -> String {
            let alphabet: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}",
                                      "\u{7F}", "é", "ñ", "\u{2028}", "😀", "中", "{", "}", ":", ","]
            return (0..<next(12)).map { _ in alphabet[next(alphabet.count)] }.joined()
        }
        mutating func maybe() -> String? { next(3) == 0 ? nil : string() }
    }

    static func randomClaims(count: Int) -> [Claim] {
        var random = Random(state: 42)
        return (0..<count).map { n in
            let citations = (0..<random.next(4)).map { _ in
                Citation(source: "src:" + random.string(), page: random.maybe(), paragraph: random.maybe(), timestamp: random.maybe(),
                         url: random.maybe(), archiveURL: random.maybe(), excerpt: random.maybe())
            }
            return Claim(id: "claim:\(n)" + random.string(), subject: random.string(), property: random.maybe(), value: random.maybe(),
                         status: ClaimStatus.allCases[random.next(3)], confidence: Confidence.allCases[random.next(3)],
                         citations: citations, note: random.maybe())
        }
    }

    @Test func handWrittenEncoderMatchesTheGeneralEncoder() throws {
        let encoder = Record.makeEncoder()
        for claim in Self.randomClaims(count: 2_000) {
            let general = try encoder.encode(Record.claim(claim))
            #expect(claim.canonicalJSONBytes() == Array(general), "\(claim)")
        }
    }

    @Test func fastReaderReadsWhatTheWriterWritesAndWhatPeopleWrite() throws {
        for claim in Self.randomClaims(count: 2_000) {
            let bytes = claim.canonicalJSONBytes()
            let parsed = bytes.withUnsafeBufferPointer { ClaimLineParser.parse($0) }
            #expect(parsed == claim)
        }
        let pretty = #"""
         { "type" : "claim", "subject":"unit:a" , "citations" : [ { "page": null, "source": "src:\u00e9\ud83d\ude00" } ],
           "status":"contested","confidence":"low","id":"claim:x","value":null }
        """#
        let parsed = Array(pretty.utf8).withUnsafeBufferPointer { ClaimLineParser.parse($0) }
        #expect(parsed == Claim(id: "claim:x", subject: "unit:a", status: .contested, confidence: .low,
                                citations: [Citation(source: "src:é😀")]))
    }

    @Test(arguments: [
        #"{"type":"unit","id":"unit:a"}"#,
        #"{"type":"claim","id":"c","subject":"s","status":"sure","confidence":"low","citations":[]}"#,
        #"{"type":"claim","id":"c","subject":"s","status":"accepted","confidence":"low","citations":[],"extra":1}"#,
        #"{"type":"claim","id":"c","id":"d","subject":"s","status":"accepted","confidence":"low","citations":[]}"#,
        #"{"type":"claim","id":"c","subject":"s","status":"accepted","confidence":"low"}"#,
        #"{"type":"claim","id":"c","subject":"s","status":"accepted","confidence":"low","citations":[]} x"#,
        #"{"type":"claim","id":"c\ud800","subject":"s","status":"accepted","confidence":"low","citations":[]}"#,
        "{\"type\":\"claim\",\"id\":\"c\u{09}\",\"subject\":\"s\",\"status\":\"accepted\",\"confidence\":\"low\",\"citations\":[]}",
    ])
    func fastReaderGivesUpOnAnythingElse(line: String) {
        #expect(Array(line.utf8).withUnsafeBufferPointer { ClaimLineParser.parse($0) } == nil)
    }

    @Test func readerAcceptsAndRejectsExactlyWhatTheGeneralDecoderDoes() throws {
        // Through the bundle reader, lines the fast path refuses fall back to the general decoder.
        let header = #"{"format":"oversight-bundle","type":"bundle","version":1}"#
        let extraKey = #"{"type":"claim","id":"c","subject":"s","status":"accepted","confidence":"low","citations":[{"source":"x"}],"extra":1}"#
        var read: [Record] = []
        try BundleReader().read(Data("\(header)\n\(extraKey)\n".utf8)) { record, _ in read.append(record) }
        #expect(read == [.claim(Claim(id: "c", subject: "s", confidence: .low, citations: [Citation(source: "x")]))])
    }
}
