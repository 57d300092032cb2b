import Foundation
import OversightCore

/// The evidence base's people and posts as FollowTheMoney entities (JSON lines), so that others can screen
/// names against it with FtM tools (yente, nomenklatura, OpenSanctions' matchers).
///
/// - each unit → `PublicBody` (every unit is a state body: force, ministry, station…): `name`, `alias`,
///   `country`, `notes`, `keywords` (classification);
/// - each person → `Person`: `name`, `alias`, `gender`, `nationality`, `birthDate`, `notes`, `position`
///   (their titles);
/// - each posting → a `Position` (`name` = the verbatim title, else the role; `organization` = the unit;
///   `country`; `keywords` = the role code) and an `Occupancy` (`holder`, `post`, `startDate`, `endDate`,
///   `status` `current`/`ended`/`unknown`, `description` = the rank).
///
/// Ids are `oversight-` followed by the Oversight id with every character other than a letter, a digit or
/// `-` written as `_XX` (hex), so they are valid FtM ids and turn back into the Oversight id. Countries are
/// lower-case alpha-2, dates ISO 8601 (partial dates kept). Lines are sorted by id; keys are sorted.
public enum FollowTheMoneyExport {
    public struct Entity: Codable, Hashable, Sendable {
        public var id: String
        public var schema: String
        public var properties: [String: [String]]
    }

    /// The FtM id of an Oversight id.
    public static func ftmID(_ id: String, suffix: String = "") -> String {
        var out = "oversight-"
        for byte in id.utf8 {
            let c = Character(UnicodeScalar(byte))
            if (c.isASCII && (c.isLetter || c.isNumber)) || c == "-" { out.append(c) } else { out += "_" + String(format: "%02X", byte) }
        }
        return out + suffix
    }

    /// The Oversight id of an FtM id written by `ftmID`, nil for any other id.
    public static func oversightID(_ ftm: String, suffix: String = "") -> String? {
        guard ftm.hasPrefix("oversight-"), ftm.hasSuffix(suffix) else { return nil }
        let body = Array(ftm.dropFirst("oversight-".count).dropLast(suffix.count).utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < body.count {
            if body[i] == UInt8(ascii: "_"), i + 2 < body.count,
               let value = UInt8(String(decoding: body[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(body[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let postSuffix = "-post"

    /// Every entity, sorted by id.
    public static func entities(_ snapshot: EvidenceSnapshot) -> [Entity] {
        var entities: [Entity] = []
        func put(_ properties: inout [String: [String]], _ key: String, _ values: [String]) {
            let cleaned = values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if !cleaned.isEmpty { properties[key] = cleaned }
        }
        for unit in snapshot.units.values {
            var p: [String: [String]] = [:]
            put(&p, "name", [unit.name])
            put(&p, "alias", unit.aliases)
            put(&p, "country", [unit.country?.lowercased() ?? ""])
            put(&p, "notes", [unit.note ?? ""])
            put(&p, "keywords", unit.classification)
            entities.append(Entity(id: ftmID(unit.id), schema: "PublicBody", properties: p))
        }
        var titles: [String: [String]] = [:]
        for posting in snapshot.postings.values {
            let unit = snapshot.units[posting.unit]
            var post: [String: [String]] = [:]
            put(&post, "name", [posting.title ?? posting.role.rawValue])
            put(&post, "organization", [ftmID(posting.unit)])
            put(&post, "country", [unit?.country?.lowercased() ?? ""])
            put(&post, "keywords", [posting.role.rawValue])
            entities.append(Entity(id: ftmID(posting.id, suffix: postSuffix), schema: "Position", properties: post))
            var occupancy: [String: [String]] = [:]
            put(&occupancy, "holder", [ftmID(posting.person)])
            put(&occupancy, "post", [ftmID(posting.id, suffix: postSuffix)])
            put(&occupancy, "startDate", [posting.range.start?.description ?? ""])
            put(&occupancy, "endDate", [posting.range.end?.description ?? ""])
            put(&occupancy, "status", [posting.range.endIsReal ? "ended" : (posting.range.end == nil ? "unknown" : "current")])
            put(&occupancy, "description", [posting.rank ?? ""])
            entities.append(Entity(id: ftmID(posting.id), schema: "Occupancy", properties: occupancy))
            let label = [posting.title ?? posting.role.rawValue, unit?.name].compactMap { $0 }.joined(separator: ", ")
            titles[posting.person, default: []].append(label)
        }
        for person in snapshot.persons.values {
            var p: [String: [String]] = [:]
            put(&p, "name", [person.name])
            put(&p, "alias", person.aliases)
            put(&p, "gender", [person.gender ?? ""])
            put(&p, "nationality", [person.country?.lowercased() ?? ""])
            put(&p, "birthDate", [person.birthDate?.description ?? ""])
            put(&p, "notes", [person.note ?? ""])
            put(&p, "position", (titles[person.id] ?? []).sorted())
            entities.append(Entity(id: ftmID(person.id), schema: "Person", properties: p))
        }
        return entities.sorted { $0.id < $1.id }
    }

    /// One JSON line per entity (keys sorted, slashes unescaped).
    public static func lines(_ snapshot: EvidenceSnapshot) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try entities(snapshot).map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    }
}

/// Reads FollowTheMoney JSON lines written by `FollowTheMoneyExport` back into units, persons and postings
/// (for exchange between Oversight installations, and to check the export loses nothing it promises).
public enum FollowTheMoneyEvidenceReader {
    public struct Result: Sendable {
        public var units: [OversightCore.Unit] = []
        public var persons: [Person] = []
        public var postings: [Posting] = []
    }

    public static func read(_ data: Data) throws -> Result {
        let decoder = JSONDecoder()
        var positions: [String: FollowTheMoneyExport.Entity] = [:]
        var occupancies: [FollowTheMoneyExport.Entity] = []
        var result = Result()
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            let entity: FollowTheMoneyExport.Entity
            do {
                entity = try decoder.decode(FollowTheMoneyExport.Entity.self, from: Data(line))
            } catch {
                throw ScreeningFormatError(format: "ftm", "not a FollowTheMoney entity with id, schema and properties", line: index + 1)
            }
            let p = entity.properties
            switch entity.schema {
            case "PublicBody", "Organization":
                guard let id = FollowTheMoneyExport.oversightID(entity.id), let name = p["name"]?.first else { continue }
                result.units.append(Unit(id: id, name: name, aliases: p["alias"] ?? [], country: p["country"]?.first?.uppercased(),
                                         classification: p["keywords"] ?? [], note: p["notes"]?.first))
            case "Person":
                guard let id = FollowTheMoneyExport.oversightID(entity.id), let name = p["name"]?.first else { continue }
                result.persons.append(Person(id: id, name: name, aliases: p["alias"] ?? [], gender: p["gender"]?.first,
                                             country: p["nationality"]?.first?.uppercased(),
                                             birthDate: p["birthDate"]?.first.flatMap { PartialDate($0) }, note: p["notes"]?.first))
            case "Position":
                positions[entity.id] = entity
            case "Occupancy":
                occupancies.append(entity)
            default:
                continue
            }
        }
        for occupancy in occupancies {
            let p = occupancy.properties
            guard let id = FollowTheMoneyExport.oversightID(occupancy.id),
                  let holder = p["holder"]?.first.flatMap({ FollowTheMoneyExport.oversightID($0) }),
                  let postID = p["post"]?.first, let post = positions[postID],
                  let unit = post.properties["organization"]?.first.flatMap({ FollowTheMoneyExport.oversightID($0) }) else { continue }
            let role = post.properties["keywords"]?.compactMap(PostRole.init(rawValue:)).first ?? .other
            let name = post.properties["name"]?.first
            let status = p["status"]?.first
            let range = DateRange(start: p["startDate"]?.first.flatMap { PartialDate($0) }, startIsReal: false,
                                  end: p["endDate"]?.first.flatMap { PartialDate($0) }, endIsReal: status == "ended")
            result.postings.append(Posting(id: id, person: holder, unit: unit, role: role,
                                           title: name == role.rawValue ? nil : name, rank: p["description"]?.first, range: range))
        }
        return result
    }
}
