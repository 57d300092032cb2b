import Foundation
import OversightCore

/// The fields of a record as its bundle line has them, for the generic record page.
enum RecordFields {
    /// Every key of the record's canonical JSON except `type`, `id` and `range` (shown as dates), by key.
    static func rows(_ record: Record) throws -> [FieldRow] {
        let json = try record.canonicalJSON()
        let object = try JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8))
        return object.keys.sorted().filter { !["type", "id", "range"].contains($0) }.map { key in
            FieldRow(field: key, value: object[key]!.text)
        }
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
