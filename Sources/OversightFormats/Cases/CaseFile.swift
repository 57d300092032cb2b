import Foundation
import OversightCore

/// A file of historical licensing decisions (`cases.json`: docs/CASES.md): each decision with its outcome and the
/// dated, sourced facts known on its decision date.
public struct DecisionCase: Sendable, Codable, Hashable {
    public struct Item: Sendable, Codable, Hashable {
        public var controlEntry: String?
        public var description: String
    }

    public struct Fact: Sendable, Codable, Hashable {
        /// `YYYY-MM-DD` or `START/END`.
        public var date: String
        /// `month` or `approximate` when not day-precise.
        public var datePrecision: String?
        /// `incident`, `finding`, `accountability`, `item-use`, `diversion`, `mitigation`, `context`.
        public var kind: String
        public var fact: String
        public var source: String
        public var killed: Int?
        public var injured: Int?
        public var place: String?
        public var perpetrator: String?
        public var violation: String?
        public var verify: Bool?
    }

    public var id: String
    public var exporter: String
    public var destination: String
    public var endUser: String
    public var items: [Item]
    public var decisionDate: String
    public var regimeOrTest: String?
    public var decisionMaker: String?
    /// `risk-found`, `no-risk`, `process-unlawful`, `halt-political`.
    public var outcome: String
    public var outcomeDate: String?
    public var sources: [String]?
    public var evidenceKnownAtDecision: [Fact]
    public var notes: String?
    public var labelConfidence: String?
    public var verify: Bool?

    /// Whether the record carries a merits outcome that agreement is scored on.
    public var isMerits: Bool { outcome == "risk-found" || outcome == "no-risk" }

    public static func readAll(_ data: Data) throws -> [DecisionCase] {
        do {
            return try JSONDecoder().decode([DecisionCase].self, from: data)
        } catch let error as DecodingError {
            throw ValidationError([ValidationIssue(path: "$", message: "not a cases file (docs/CASES.md): \(BundleReader.explain(error))")])
        }
    }
}
