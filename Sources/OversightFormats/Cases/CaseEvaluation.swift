import Foundation
import OversightCore

/// Assesses every converted case as known on its decision date and scores agreement with the decision-maker:
/// risk-found agrees with deny or prohibited, no-risk with approve or approve-with-conditions, under the regimes that
/// bound the exporter (the overall verdict). Halt-political and process records are shown, not scored.
public struct CaseEvaluation: Sendable {
    public struct Row: Sendable, Codable, Hashable {
        public var id: String
        public var outcome: String
        public var merits: Bool
        public var verdict: String
        public var regimes: [String: String]
        public var agrees: Bool?
        /// The decisive consequence of the strictest regime and its residual risk, or the diversion level.
        public var decisive: String
        public var pattern: Double
        public var digest: String
    }

    public struct Pair: Sendable, Codable, Hashable {
        public var first: String
        public var second: String
        public var toldApart: Bool
    }

    public var rows: [Row]
    public var pairs: [Pair]

    public var merits: [Row] { rows.filter(\.merits) }
    public var agreed: Int { merits.filter { $0.agrees == true }.count }
    public var agreement: Double { merits.isEmpty ? 0 : Double(agreed) / Double(merits.count) }

    public static func run(_ cases: [DecisionCase], converter: CaseConverter = CaseConverter(),
                           engine: AssessmentEngine = AssessmentEngine()) throws -> CaseEvaluation {
        var rows: [Row] = []
        for c in cases {
            let converted = try converter.convert(c)
            let snapshot = EvidenceSnapshot(records: converted.records)
            let assessment = engine.assess(converted.application, snapshot: snapshot)
            let verdict = assessment.overallVerdict ?? assessment.verdicts.values.max() ?? .approve
            let denies = verdict >= .deny
            let agrees: Bool? = switch c.outcome {
            case "risk-found": denies
            case "no-risk": verdict <= .approveWithConditions
            default: nil
            }
            let binding = assessment.conclusions.filter { $0.inForce ?? true }
            let strictest = binding.max { ($0.verdict, $1.regime) < ($1.verdict, $0.regime) }
            let decisive = strictest.flatMap { conclusion -> String? in
                conclusion.decisiveConsequence.map { code in
                    let risk = assessment.consequences.first { $0.code == code }
                    return "\(code) \(risk.map { String(format: "%.2f", $0.residual) } ?? "")"
                }
            } ?? "—"
            rows.append(Row(id: c.id, outcome: c.outcome, merits: c.isMerits, verdict: verdict.rawValue,
                            regimes: Dictionary(uniqueKeysWithValues: assessment.conclusions.map {
                                ($0.regime.rawValue, $0.verdict.rawValue + (($0.inForce ?? true) ? "" : " (not in force)"))
                            }),
                            agrees: agrees,
                            decisive: decisive + " · diversion \(assessment.diversion.level.rawValue) \(String(format: "%.2f", assessment.diversion.score))",
                            pattern: assessment.consequences.map(\.residual).max() ?? 0, digest: assessment.inputDigest))
        }
        // Contrast pairs: cases with the same exporter and destination and different merits outcomes must get
        // verdicts on different sides.
        var pairs: [Pair] = []
        let merits = cases.filter(\.isMerits)
        for (i, a) in merits.enumerated() {
            for b in merits[(i + 1)...] where a.exporter == b.exporter && a.destination == b.destination && a.outcome != b.outcome {
                let va = rows.first { $0.id == a.id }!, vb = rows.first { $0.id == b.id }!
                let sideA = Verdict(rawValue: va.verdict)! >= .deny, sideB = Verdict(rawValue: vb.verdict)! >= .deny
                let approveA = Verdict(rawValue: va.verdict)! <= .approveWithConditions
                let approveB = Verdict(rawValue: vb.verdict)! <= .approveWithConditions
                pairs.append(Pair(first: a.id, second: b.id, toldApart: (sideA && approveB) || (sideB && approveA)))
            }
        }
        return CaseEvaluation(rows: rows, pairs: pairs)
    }

    /// A Markdown table and the summary lines.
    public func markdown() -> String {
        var lines = ["| case | outcome | overall verdict | agrees | regimes | decisive |", "|---|---|---|---|---|---|"]
        for row in rows {
            let regimes = row.regimes.keys.sorted().map { "\($0) \(row.regimes[$0]!)" }.joined(separator: ", ")
            lines.append("| \(row.id) | \(row.outcome) | \(row.verdict) | \(row.agrees.map { $0 ? "yes" : "**no**" } ?? "—") | \(regimes) | \(row.decisive) |")
        }
        lines.append("")
        lines.append("Agreement on the merits records: \(agreed) of \(merits.count) (\(String(format: "%.1f", agreement * 100)) %).")
        for pair in pairs {
            lines.append("Contrast pair \(pair.first) / \(pair.second): \(pair.toldApart ? "told apart" : "NOT told apart").")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
