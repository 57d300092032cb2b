import Foundation

/// A permit's state. Mirrors the application's state once issued.
public enum PermitState: String, Codable, Sendable, CaseIterable {
    case active, suspended, revoked, expired
}

/// What one line of a permit allows: at most this quantity and this value of one item.
public struct PermitLimit: Codable, Sendable, Hashable {
    /// The application item's position (0-based).
    public var line: Int
    public var controlEntry: String
    public var description: String
    public var quantity: Int?
    public var value: Double?
    public var currency: String?

    public init(line: Int, controlEntry: String, description: String, quantity: Int?, value: Double?, currency: String?) {
        self.line = line
        self.controlEntry = controlEntry
        self.description = description
        self.quantity = quantity
        self.value = value
        self.currency = currency
    }

    /// One limit per application item, as applied for.
    public static func limits(of application: ExportApplication) -> [PermitLimit] {
        application.items.enumerated().map { line, item in
            PermitLimit(line: line, controlEntry: item.controlEntry, description: item.description,
                        quantity: item.quantity, value: item.value, currency: item.currency)
        }
    }
}

/// An issued permit.
public struct Permit: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var applicationID: String
    /// The permit number shown to people (e.g. `P-2026-000017`).
    public var number: String
    public var issuedAt: Date
    public var issuedBy: String
    /// Last day shipments may be made.
    public var expiresOn: Day
    public var state: PermitState
    /// Why it was last suspended, reinstated, revoked or expired.
    public var stateReason: String?
    public var limits: [PermitLimit]
    /// The decision's conditions (mitigation measures included).
    public var conditions: [String]

    public init(id: String, applicationID: String, number: String, issuedAt: Date, issuedBy: String, expiresOn: Day,
                state: PermitState = .active, stateReason: String? = nil, limits: [PermitLimit], conditions: [String]) {
        self.id = id
        self.applicationID = applicationID
        self.number = number
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.expiresOn = expiresOn
        self.state = state
        self.stateReason = stateReason
        self.limits = limits
        self.conditions = conditions
    }
}

/// A shipment actually exported under a permit (a utilisation report).
public struct Shipment: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var permitID: String
    /// The permit line (application item position, 0-based).
    public var line: Int
    public var quantity: Int
    public var value: Double
    public var shippedOn: Day
    public var recordedBy: String
    public var recordedAt: Date

    public init(id: String, permitID: String, line: Int, quantity: Int, value: Double, shippedOn: Day, recordedBy: String, recordedAt: Date) {
        self.id = id
        self.permitID = permitID
        self.line = line
        self.quantity = quantity
        self.value = value
        self.shippedOn = shippedOn
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// Checks a shipment against a permit's limits and what was already shipped.
public enum ShipmentCheck {
    /// What has been shipped on one line.
    public struct Utilisation: Sendable, Hashable, Codable {
        public var line: Int
        public var quantity: Int
        public var value: Double
    }

    /// Totals per line.
    public static func utilisation(_ shipments: [Shipment]) -> [Int: Utilisation] {
        var result: [Int: Utilisation] = [:]
        for shipment in shipments {
            var total = result[shipment.line] ?? Utilisation(line: shipment.line, quantity: 0, value: 0)
            total.quantity += shipment.quantity
            total.value += shipment.value
            result[shipment.line] = total
        }
        return result
    }

    /// Throws `WorkflowError` (`.invalid` with field errors, or `.limitExceeded`) unless `shipment` fits the
    /// permit: an existing line, a positive quantity, a non-negative value, shipped while the permit is active and
    /// not after it expires, and the line's totals within its quantity and value limits.
    public static func check(_ shipment: Shipment, permit: Permit, previous: [Shipment]) throws {
        var fields: [String: String] = [:]
        if shipment.quantity <= 0 { fields["quantity"] = "must be a whole number greater than 0" }
        if !(shipment.value >= 0) || !shipment.value.isFinite { fields["value"] = "must be a number 0 or greater" }
        guard let limit = permit.limits.first(where: { $0.line == shipment.line }) else {
            fields["line"] = "the permit has no line \(shipment.line + 1); it has \(permit.limits.count)"
            throw WorkflowError.invalid(fields)
        }
        if shipment.shippedOn > permit.expiresOn { fields["shippedOn"] = "is after the permit expired on \(permit.expiresOn)" }
        if !fields.isEmpty { throw WorkflowError.invalid(fields) }
        guard permit.state == .active else {
            throw WorkflowError(.invalidTransition, "permit \(permit.number) is \(permit.state.rawValue); shipments can be recorded only on an active permit")
        }
        let used = utilisation(previous.filter { $0.permitID == permit.id })[shipment.line]
        let quantity = (used?.quantity ?? 0) + shipment.quantity
        let value = (used?.value ?? 0) + shipment.value
        if let max = limit.quantity, quantity > max {
            throw WorkflowError(.limitExceeded, "line \(shipment.line + 1) (\(limit.controlEntry)) allows \(max) in all; \(used?.quantity ?? 0) already shipped, so at most \(max - (used?.quantity ?? 0)) more", field: "quantity")
        }
        // A cent of tolerance for sums of decimal amounts.
        if let max = limit.value, value > max + 0.005 {
            let left = max - (used?.value ?? 0)
            throw WorkflowError(.limitExceeded, "line \(shipment.line + 1) (\(limit.controlEntry)) allows a value of \(max) \(limit.currency ?? "") in all; at most \(left) more", field: "value")
        }
    }
}
