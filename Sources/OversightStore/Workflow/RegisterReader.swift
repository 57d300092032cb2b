import Foundation
import OversightCore

extension WorkflowStore {
    /// The permit register as the transparency reports read it: every decided application, with its decision, the
    /// grounds of a refusal (from the assessment the decision relied on), its permit, the shipments under it and
    /// the permit's suspensions, reinstatements, revocations and expiries (from the audit log). Any adapter: it
    /// reads through the protocol.
    public func register() async throws -> Register {
        let decided: Set<ApplicationState> = [.approved, .denied, .issued, .suspended, .revoked, .expired]
        var cases: [RegisterCase] = []
        var page = 1
        while true {
            let found = try await applications(ApplicationFilter(states: decided, page: page, perPage: 500))
            for summary in found.items {
                guard let detail = try await applicationDetail(id: summary.id) else { continue }
                cases.append(RegisterCase(detail))
            }
            if page * found.perPage >= found.total || found.items.isEmpty { break }
            page += 1
        }
        return Register(cases: cases)
    }
}

extension RegisterCase {
    /// The register's view of one application's records.
    public init(_ detail: ApplicationDetail) {
        let decision = detail.decision
        var grounds: [String] = []
        if let decision, decision.outcome == .denied {
            let relied = detail.assessments.first { $0.id == decision.assessmentID } ?? detail.latestAssessment
            grounds = relied?.report.refusalGrounds ?? []
        }
        let actions: Set<String> = ["permit.suspend", "permit.reinstate", "permit.revoke", "permit.expire"]
        let events = detail.history.filter { actions.contains($0.action) }.map { entry in
            PermitEvent(action: String(entry.action.dropFirst("permit.".count)), on: Day(utc: entry.at),
                        reason: Self.reason(entry.after), by: entry.actor)
        }
        self.init(applicationID: detail.record.id, state: detail.record.state, application: detail.record.application,
                  decision: decision, decidedOn: decision.map { Day(utc: $0.at) }, grounds: grounds, permit: detail.permit,
                  issuedOn: detail.permit.map { Day(utc: $0.issuedAt) }, shipments: detail.shipments, permitEvents: events)
    }

    /// The `reason` of an audit entry's `after` document, if it has one.
    static func reason(_ json: String?) -> String? {
        struct Reason: Decodable { var reason: String? }
        guard let data = json?.data(using: .utf8) else { return nil }
        return (try? JSONDecoder().decode(Reason.self, from: data))?.reason
    }
}

extension Day {
    /// The UTC calendar day of an instant.
    public init(utc date: Date) {
        self.init(ordinal: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
