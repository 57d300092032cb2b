import Foundation

/// A number of the method with the reason it has that value.
public struct Justified<Value: Sendable & Codable & Hashable>: Sendable, Codable, Hashable {
    public var value: Value
    public var rationale: String
}

/// Every weight, threshold and default of the assessment method, as data (Reference/Data/methodology-v1.json).
/// An assessment records the version it used; a reviewer can read, cite and change each value.
public struct Methodology: Sendable, Codable, Hashable {
    public struct Gravity: Sendable, Codable, Hashable { public var rationale: String; public var values: [String: Double] }
    public struct Scale: Sendable, Codable, Hashable {
        public var injuredWeight: Justified<Double>
        public var minimum: Justified<Double>
        public var formula: String
    }
    public struct Credibility: Sendable, Codable, Hashable {
        public var rationale: String
        public var values: [String: Double]
        public var contestedFactor: Double
        public var needsWorkFactor: Double
    }
    public struct Recency: Sendable, Codable, Hashable { public var halfLifeYears: Justified<Double> }
    public struct Attribution: Sendable, Codable, Hashable {
        public var rationale: String
        public var values: [String: Double]
        public var unknownEndUserUnit: Justified<Double>
    }
    public struct Nexus: Sendable, Codable, Hashable { public var rationale: String; public var values: [String: Double] }
    public struct Impunity: Sendable, Codable, Hashable {
        public var base: Justified<Double>
        public var rationale: String
        public var weights: [String: Double]
    }
    public struct Thresholds: Sendable, Codable, Hashable {
        public var low: Double
        public var moderate: Double
        public var substantial: Double
        public var overriding: Double
    }
    public struct Levels: Sendable, Codable, Hashable { public var rationale: String; public var thresholds: Thresholds }
    public struct CannotMitigate: Sendable, Codable, Hashable { public var impunityAtLeast: Justified<Double> }
    public struct Mitigation: Sendable, Codable, Hashable {
        public var code: String
        public var title: String
        public var misuse: Double
        public var diversion: Double
        public var rationale: String
    }
    public struct Diversion: Sendable, Codable, Hashable {
        public var rationale: String
        public var noEndUseCertificate: Double
        public var perThirdCountryIntermediary: Double
        public var maxIntermediaries: Double
        public var embargoedIntermediary: Double
        public var thresholds: Thresholds
    }

    public var version: String
    public var source: String
    public var lookbackYears: Justified<Int>
    public var gravity: Gravity
    public var scale: Scale
    public var credibility: Credibility
    public var recency: Recency
    public var attribution: Attribution
    public var nexus: Nexus
    public var impunity: Impunity
    public var levels: Levels
    public var cannotMitigate: CannotMitigate
    public var mitigations: [Mitigation]
    public var diversion: Diversion
    /// Method v2's parameters (`methodology-v2.json`); absent in v1, whose assessments keep verifying.
    public var v2: V2?

    /// The parameters method v2 adds. Every value carries its rationale in the JSON file.
    public struct V2: Sendable, Codable, Hashable {
        public struct Weights: Sendable, Codable, Hashable { public var rationale: String; public var values: [String: Double] }
        public struct Findings: Sendable, Codable, Hashable {
            public var rationale: String
            /// Weight of each body kind (`FindingBodyKind`).
            public var bodies: [String: Double]
            /// Weight of each strength (`FindingStrength`).
            public var strength: [String: Double]
            /// The least scale a finding of each strength has, whatever its counts.
            public var minimumScale: [String: Double]
            /// Atrocity and descriptive categories mapped to violation types (violation codes map to themselves).
            public var categories: [String: [String]]
            public var doubleCounting: String
        }
        public struct Coalitions: Sendable, Codable, Hashable {
            public var memberWeight: Justified<Double>
            public var leadWeight: Justified<Double>
        }
        public struct ItemUse: Sendable, Codable, Hashable {
            public var rationale: String
            /// The nexus level goods of the same control entry take when such goods were used.
            public var sameKindNexus: NexusLevel
            /// Risk factor when the exporter's own goods of that kind were used.
            public var exporterGoodsFactor: Justified<Double>
            /// Nexus factor when a sourced review found no use of the exporter's goods.
            public var noUseFoundFactor: Justified<Double>
            /// Effect of an unverified report of use, as a share of a verified one.
            public var unverifiedShare: Justified<Double>
        }
        public struct DiversionRecords: Sendable, Codable, Hashable {
            public var rationale: String
            public var perRecord: Double
            public var exporterGoods: Double
            public var embargoedParty: Double
            public var halfLifeYears: Double
            /// Each documented breach (diversion record or breached assurance) multiplies the credibility of the
            /// recipient's assurances by this factor.
            public var breachFactor: Justified<Double>
        }
        public struct Undisclosed: Sendable, Codable, Hashable {
            public var rationale: String
        }
        public struct PersistentRecord: Sendable, Codable, Hashable {
            public var rationale: String
            /// The country-wide pattern (every state force, attribution 1) at or above which a destination has a
            /// persistent record (Canada 1986).
            public var patternAtLeast: Double
        }

        public var rationale: String
        public var attribution: Weights
        public var findings: Findings
        public var coalitions: Coalitions
        public var itemUse: ItemUse
        public var diversionRecords: DiversionRecords
        /// Impunity weight of an investigation a competent body found not credible.
        public var nonCredibleInvestigation: Justified<Double>
        public var undisclosedItems: Undisclosed
        public var persistentRecord: PersistentRecord
        /// Codes of the mitigation measures that rest on the recipient's word.
        public var assuranceMeasures: [String]
        /// Codes of the measures that are the exporter's own checks: against diversion their credibility is 1.
        public var verificationMeasures: [String]
        public struct SystematicRecord: Sendable, Codable, Hashable {
            public var rationale: String
            public var minimumGravity: Double
            public var minimumStrength: FindingStrength
        }
        public var systematicRecord: SystematicRecord
    }

    public func mitigation(_ code: String) -> Mitigation? { mitigations.first { $0.code == code } }

    /// The bundled method.
    /// The method new assessments use: v2.
    public static let standard: Methodology = v2Method

    /// Method v1, kept so that assessments made with it still verify.
    public static let v1: Methodology = load("methodology-v1")
    /// Method v2 (docs/ASSESSMENT.md).
    public static let v2Method: Methodology = load("methodology-v2")

    /// The method an assessment names by its version; nil when this Oversight does not know it.
    public static func named(_ version: String) -> Methodology? {
        [v1, v2Method].first { $0.version == version }
    }

    private static func load(_ name: String) -> Methodology {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Data") else {
            fatalError("the methodology resource Data/\(name).json is missing from OversightCore")
        }
        do {
            return try JSONDecoder().decode(Methodology.self, from: Data(contentsOf: url))
        } catch {
            fatalError("the methodology resource Data/\(name).json is invalid: \(error)")
        }
    }

    /// The method's canonical JSON, part of every assessment's input digest.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Risk levels, lowest first.
public enum RiskLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case negligible, low, moderate, substantial, overriding

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public static func level(of value: Double, thresholds t: Methodology.Thresholds) -> RiskLevel {
        if value >= t.overriding { return .overriding }
        if value >= t.substantial { return .substantial }
        if value >= t.moderate { return .moderate }
        if value >= t.low { return .low }
        return .negligible
    }

    /// The level just below, used for "refer" bands.
    public var below: RiskLevel { RiskLevel.allCases[max(0, RiskLevel.allCases.firstIndex(of: self)! - 1)] }
}
