import Foundation
import OversightCore

/// The fields of a record as its bundle line has them, for the generic record page.
enum RecordFields {
    /// Every key of the record's canonical JSON except `type`, `id` and `range` (shown as dates), by key.
    /// Coalition members are shown as the form writes them (`SA, lead`); a finding also shows the body kind and
    /// strength in force when the record leaves them to their defaults.
    static func rows(_ record: Record) throws -> [FieldRow] {
        let json = try record.canonicalJSON()
        let object = try JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8))
        var rows = object.keys.sorted().filter { !["type", "id", "range"].contains($0) }.map { key in
            FieldRow(field: key, value: object[key]!.text)
        }
        switch record {
        case .coalition(let coalition):
            if let index = rows.firstIndex(where: { $0.field == "members" }) {
                rows[index].value = FormRecord.memberLines(coalition.members).replacingOccurrences(of: "\n", with: "; ")
            }
        case .finding(let finding):
            if finding.bodyKind == nil {
                rows.append(FieldRow(field: "bodyKind", value: "\(FindingBodyKind.credibleNGO.rawValue) (not stated: the default)"))
            }
            if finding.strength == nil {
                rows.append(FieldRow(field: "strength", value: "\(finding.effectiveStrength.rawValue) (not stated: from determination)"))
            }
            rows.sort { $0.field < $1.field }
        default:
            break
        }
        return rows
    }
}

/// How a finding is described in lists.
enum FindingText {
    /// "ohchr, pattern": the kind of body and the strength, stated or in force.
    static func kindAndStrength(_ finding: Finding) -> String {
        "\((finding.bodyKind ?? .credibleNGO).rawValue), \(finding.effectiveStrength.rawValue)"
    }
}

/// A country code with its name where known: "Saudi Arabia (SA)".
enum CountryText {
    static func name(_ code: String) -> String {
        ReferenceData.shared.country(code).map { "\($0.name) (\(code))" } ?? code
    }
}

/// Any JSON value, for showing records generically.
enum JSONValue: Decodable {
    case string(String)
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var text: String {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "yes" : "no"
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .array(let values): return values.isEmpty ? "none" : values.map(\.text).joined(separator: ", ")
        case .object(let object): return object.keys.sorted().map { "\($0): \(object[$0]!.text)" }.joined(separator: "; ")
        case .null: return "—"
        }
    }
}
