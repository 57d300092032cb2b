import Foundation

/// One party on a sanctions or embargo list: a person or an organisation, with every name the list gives it
/// and the particulars that tell two people of the same name apart.
///
/// Values come from the list as published; importers only trim and normalise formats (dates, country codes),
/// so the content digest changes exactly when the list changes the entry.
public struct ListEntry: Hashable, Sendable, Codable {
    /// The list this entry belongs to, e.g. `un-sc`, `opensanctions`, `blocklist`.
    public var list: String
    /// The entry's id within its list (the UN `DATAID`, the OpenSanctions id, the blocklist row id).
    public var id: String
    public var schema: PartySchema
    /// The names in the list's order; the first strong one is the primary name.
    public var names: [ListName]
    /// Names in their original script (Arabic, Cyrillic…), as the list gives them.
    public var originalScriptNames: [String]
    public var birthDates: [BirthDate]
    /// ISO 3166 alpha-2 codes, upper-case: nationality, citizenship, residence, registration.
    public var countries: [String]
    public var gender: PartyGender?
    /// Passports, national identity numbers, registration and tax numbers.
    public var identifiers: [PartyIdentifier]
    public var listedOn: PartialDate?
    /// The list's own reference, e.g. UN `KPi.033`.
    public var reference: String?
    /// The sanctions programme or regime, e.g. `DPRK`, `Al-Qaida`.
    public var program: String?
    /// Free text kept for the reviewer (designation, comments); not used for matching.
    public var note: String?

    public init(list: String, id: String, schema: PartySchema, names: [ListName], originalScriptNames: [String] = [],
                birthDates: [BirthDate] = [], countries: [String] = [], gender: PartyGender? = nil,
                identifiers: [PartyIdentifier] = [], listedOn: PartialDate? = nil, reference: String? = nil,
                program: String? = nil, note: String? = nil) {
        self.list = list
        self.id = id
        self.schema = schema
        self.names = names
        self.originalScriptNames = originalScriptNames
        self.birthDates = birthDates
        self.countries = countries
        self.gender = gender
        self.identifiers = identifiers
        self.listedOn = listedOn
        self.reference = reference
        self.program = program
        self.note = note
    }

    /// `list:id`, unique across lists.
    public var key: String { list + ":" + id }

    /// The name to show: the first strong name, else the first name, else the first original-script name.
    public var primaryName: String {
        names.first(where: { $0.quality == .strong })?.text ?? names.first?.text ?? originalScriptNames.first ?? id
    }
}

/// Whether a party is a natural person or an organisation (company, group, body, vessel owner…).
public enum PartySchema: String, Sendable, Codable, CaseIterable {
    case person, organization
}

/// How much a name can be relied on: the UN marks some aliases "Low quality", OpenSanctions has `weakAlias`.
/// A match on a weak name is worth less than one on a strong name.
public enum NameQuality: String, Sendable, Codable {
    case strong, weak
}

/// One name of a listed party.
public struct ListName: Hashable, Sendable, Codable {
    public var text: String
    public var quality: NameQuality

    public init(_ text: String, quality: NameQuality = .strong) {
        self.text = text
        self.quality = quality
    }
}

public enum PartyGender: String, Sendable, Codable, CaseIterable {
    case male, female

    /// Reads `male`, `M`, `Male`, `female`, `F`…; anything else (including `Unknown`) is nil.
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "m", "male", "man": self = .male
        case "f", "female", "woman": self = .female
        default: return nil
        }
    }
}

/// A document or registration number.
public struct PartyIdentifier: Hashable, Sendable, Codable {
    /// What it is, as the list says: `Passport`, `National Identification Number`, `registrationNumber`…
    public var type: String
    public var number: String
    /// Issuing country, ISO alpha-2, when known.
    public var country: String?

    public init(type: String, number: String, country: String? = nil) {
        self.type = type
        self.number = number
        self.country = country
    }

    /// The number with case, spaces and punctuation removed, for comparison: `AB-12 345` → `AB12345`.
    public var normalizedNumber: String { PartyIdentifier.normalize(number) }

    public static func normalize(_ number: String) -> String {
        String(String.UnicodeScalarView(number.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
            .uppercased()
    }
}

/// A date of birth as lists give them: exact (to the day, month or year), approximate, or a range of years.
public enum BirthDate: Hashable, Sendable {
    case exact(PartialDate)
    case approximately(PartialDate)
    case between(PartialDate, PartialDate)

    /// The first and last years the date allows, before any tolerance.
    public var years: ClosedRange<Int> {
        switch self {
        case .exact(let date), .approximately(let date): return date.year...date.year
        case .between(let from, let to): return min(from.year, to.year)...max(from.year, to.year)
        }
    }

    public var description: String {
        switch self {
        case .exact(let date): return date.description
        case .approximately(let date): return "about \(date)"
        case .between(let from, let to): return "between \(from) and \(to)"
        }
    }
}

extension BirthDate: Codable {
    private enum CodingKeys: String, CodingKey { case type, date, from, to }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "exact": self = .exact(try container.decode(PartialDate.self, forKey: .date))
        case "approximately": self = .approximately(try container.decode(PartialDate.self, forKey: .date))
        case "between": self = .between(try container.decode(PartialDate.self, forKey: .from), try container.decode(PartialDate.self, forKey: .to))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container,
                                                   debugDescription: "unknown birth date type '\(other)': use exact, approximately or between")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exact(let date):
            try container.encode("exact", forKey: .type)
            try container.encode(date, forKey: .date)
        case .approximately(let date):
            try container.encode("approximately", forKey: .type)
            try container.encode(date, forKey: .date)
        case .between(let from, let to):
            try container.encode("between", forKey: .type)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        }
    }
}
