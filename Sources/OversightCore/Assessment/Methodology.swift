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

    public func mitigation(_ code: String) -> Mitigation? { mitigations.first { $0.code == code } }

    /// The bundled method.
    public static let standard: Methodology = {
        guard let url = Bundle.module.url(forResource: "methodology-v1", withExtension: "json", subdirectory: "Data") else {
            fatalError("the methodology resource Data/methodology-v1.json is missing from OversightCore")
        }
        do {
            return try JSONDecoder().decode(Methodology.self, from: Data(contentsOf: url))
        } catch {
            fatalError("the methodology resource Data/methodology-v1.json is invalid: \(error)")
        }
    }()

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
