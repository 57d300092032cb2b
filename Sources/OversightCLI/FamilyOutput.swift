import ArgumentParser
import Foundation
import OversightCore
import OversightFormats
import OversightStore

/// `oversight family`: a unit with all its ancestors and descendants over all time, as JSON or GraphML.
enum FamilyOutput {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case json, graphml
    }

    struct View: Encodable {
        /// The unit asked about.
        var unit: String
        /// The unit, its ancestors and its descendants, by id.
        var units: [OversightCore.Unit]
        /// Every relation among them, whatever its dates, by id.
        var relations: [UnitRelation]
    }

    static func render(unit idOrName: String, format: Format, database: DatabaseOptions, asOf: Day?) async throws -> String {
        let store = try database.openStore()
        let unitID = try await findUnit(idOrName, in: store)
        let snapshot = try await store.snapshot(asOf: asOf)
        guard let family = CommandIndex(snapshot: snapshot).family(unit: unitID) else {
            throw CLIError("unit \(unitID) is not known\(asOf.map { " as of \($0)" } ?? "")")
        }
        switch format {
        case .json:
            return try JSONText.encode(View(unit: unitID, units: family.units, relations: family.relations))
        case .graphml:
            let name = snapshot.units[unitID]?.name ?? unitID
            var text = GraphMLWriter.write(units: family.units, relations: family.relations,
                                           title: "Family of \(name) (\(unitID))")
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    /// A unit by id, else by name ignoring case and accents; several units of one name is an error listing them.
    static func findUnit(_ idOrName: String, in store: any Store) async throws -> String {
        if let entity = try await store.entity(id: idOrName) {
            guard entity is Unit else {
                throw CLIError("'\(idOrName)' is a \(type(of: entity).kind.rawValue), not a unit; give a unit id or name")
            }
            return entity.id
        }
        let matches = try await store.entities(named: idOrName, kind: .unit)
        if matches.count == 1 { return matches[0].id }
        if matches.isEmpty {
            throw CLIError("no unit has the id or name '\(idOrName)'; try `oversight show`, or an id such as sfm-unit:123")
        }
        throw CLIError("'\(idOrName)' names \(matches.count) units (\(matches.map(\.id).joined(separator: ", "))); give an id")
    }
}
