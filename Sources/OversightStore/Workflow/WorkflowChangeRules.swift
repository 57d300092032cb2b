import Foundation
import OversightCore

/// What every adapter's `commit` checks before it writes a `WorkflowChange`, with the words it refuses in.
/// Each adapter reads the facts in its own SQL, inside its write transaction (locked rows on PostgreSQL), and
/// hands them here: the invariants and the conflict and not-found messages exist once, so the two stores cannot
/// drift apart in what they accept or in what they say.
///
/// Why not one interpreter of the changes: the SQLite adapter writes inside GRDB's synchronous write closure
/// and the PostgreSQL one awaits each query, so a single function cannot drive both. What remains in each
/// adapter is only the SQL.
public enum WorkflowChangeRules {
    /// A new user's name, or a renamed user's, must be free (`taken`: another user has it).
    public static func userName(_ name: String, taken: Bool) throws {
        if taken { throw WorkflowError(.conflict, "a user named '\(name)' already exists; choose another name", field: "name") }
    }

    /// An update found its user (`updated`: a row changed).
    public static func userUpdated(_ id: String, updated: Bool) throws {
        if !updated { throw WorkflowError(.notFound, "no user \(id)") }
    }

    /// A new application's id must be free.
    public static func newApplication(_ id: String, exists: Bool) throws {
        if exists { throw WorkflowError(.conflict, "an application with id \(id) already exists") }
    }

    /// An application must exist (its applicant's id, as stored) before a decision on it is recorded.
    public static func applicant(of id: String, stored: String?) throws -> String {
        guard let stored else { throw WorkflowError(.notFound, "no application \(id)") }
        return stored
    }

    /// An application is updated only from the state its writer read (`stored`: its state now, nil when absent):
    /// someone else acting first is a conflict, never a silent overwrite.
    public static func applicationState(_ id: String, stored: String?, expected: ApplicationState) throws {
        guard let stored else { throw WorkflowError(.notFound, "no application \(id)") }
        guard stored == expected.rawValue else {
            throw WorkflowError(.conflict, "application \(id) is now \(stored), not \(expected.rawValue): someone else acted on it first; reload and try again")
        }
    }

    /// One permit per application.
    public static func newPermit(applicationID: String, exists: Bool) throws {
        if exists { throw WorkflowError(.conflict, "application \(applicationID) already has a permit") }
    }

    /// A permit is updated only from the state its writer read.
    public static func permitState(_ permit: Permit, stored: String?, expected: PermitState) throws {
        guard let stored else { throw WorkflowError(.notFound, "no permit \(permit.id)") }
        guard stored == expected.rawValue else {
            throw WorkflowError(.conflict, "permit \(permit.number) is now \(stored), not \(expected.rawValue); reload and try again")
        }
    }

    /// A shipment must stay within its permit's limits, counting what was already shipped (`permit`: its stored
    /// body, nil when absent; `previous`: the stored bodies of its shipments). Checked inside the write
    /// transaction, so two shipments recorded at once cannot both pass the limit.
    public static func shipment(_ shipment: Shipment, permit: String?, previous: [String]) throws {
        guard let permit else { throw WorkflowError(.notFound, "no permit \(shipment.permitID)") }
        try ShipmentCheck.check(shipment, permit: try WorkflowJSON.cachedDecode(Permit.self, permit),
                                previous: try previous.map { try WorkflowJSON.cachedDecode(Shipment.self, $0) })
    }

    /// The alert as acknowledged (`stored`: its stored body, nil when absent); an alert is acknowledged once.
    public static func acknowledged(_ id: String, stored: String?, by: String, at: Date, note: String) throws -> MonitoringAlert {
        guard let stored else { throw WorkflowError(.notFound, "no alert \(id)") }
        var alert = try WorkflowJSON.cachedDecode(MonitoringAlert.self, stored)
        if let when = alert.acknowledgedAt {
            throw WorkflowError(.conflict, "alert \(id) was already acknowledged by \(alert.acknowledgedBy ?? "someone") at \(when)")
        }
        alert.acknowledgedBy = by
        alert.acknowledgedAt = at
        alert.note = note
        return alert
    }
}
