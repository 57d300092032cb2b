import Foundation
import OversightCore
import OversightStore
import OversightWorkflow

/// The signed-in user as every workflow page's header shows them.
struct SignedInView: Sendable {
    var name: String
    var roleLabel: String
    var csrf: String
    var isApplicant: Bool
    var seesAlerts: Bool
    var seesAudit: Bool
    var isAdministrator: Bool
    var seesApplications: Bool

    init(_ session: Session) {
        let role = session.user.role
        name = session.user.name
        roleLabel = role.label
        csrf = session.csrfToken
        isApplicant = role == .applicant
        seesAlerts = Access.staffAndReaders.allows(role)
        seesAudit = Access.auditReaders.allows(role)
        isAdministrator = role == .administrator
        seesApplications = Access.workflow.allows(role)
    }
}

extension PageChrome {
    init(title: String, path: String, session: Session?) {
        self.init(title: title, path: path, asOf: nil)
        self.user = session.map(SignedInView.init)
    }
}

/// A value with a label (select options, definition lists).
struct OptionView: Sendable {
    var value: String
    var label: String
    var selected: Bool = false
}

/// A field problem shown next to its field and in the summary at the top of the form.
struct FieldErrorView: Sendable {
    var field: String
    var message: String
}

/// What a form's fields held and what was wrong, for re-rendering it after a refused submission.
struct FormState: Sendable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]

    var hasErrors: Bool { !errors.isEmpty }
    var errorList: [FieldErrorView] { errors.keys.sorted().map { FieldErrorView(field: $0, message: errors[$0]!) } }
    func value(_ name: String) -> String { values[name] ?? "" }
    func error(_ name: String) -> String? { errors[name] }
}

enum Format {
    static let dateTime: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter
    }()

    static func time(_ date: Date) -> String { dateTime.string(from: date) }

    static func amount(_ value: Double?, _ currency: String?) -> String {
        guard let value else { return "—" }
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
        return currency.map { "\(text) \($0)" } ?? text
    }

    static func verdict(_ verdict: Verdict?) -> String { verdict?.rawValue ?? "not assessed" }

    static func verdicts(_ verdicts: [String: Verdict]) -> String {
        verdicts.isEmpty ? "not assessed" : verdicts.keys.sorted().map { "\($0): \(verdicts[$0]!.rawValue)" }.joined(separator: ", ")
    }
}

/// One row of an application table.
struct ApplicationRowView: Sendable {
    var id: String
    var href: String
    var state: String
    var stateLabel: String
    var applicant: String
    var exporter: String
    var destination: String
    var consignee: String
    var endUser: String
    var value: String
    var verdict: String
    var updated: String

    init(_ summary: ApplicationSummary) {
        id = summary.id
        href = WorkflowPaths.application(summary.id)
        state = summary.state.rawValue
        stateLabel = summary.state.label
        applicant = summary.applicantName
        exporter = summary.exporter
        destination = ReferenceData.shared.country(summary.destination).map { "\($0.name) (\(summary.destination))" } ?? summary.destination
        consignee = summary.consignee
        endUser = summary.endUser
        value = Format.amount(summary.value, summary.currency)
        verdict = Format.verdict(summary.worstVerdict)
        updated = Format.time(summary.updatedAt)
    }
}

struct AlertView: Sendable {
    var id: String
    var applicationHref: String
    var applicationID: String
    var permitID: String?
    var raised: String
    var change: String
    var regimes: String
    var previous: String
    var new: String
    var claims: [String]
    var acknowledged: Bool
    var acknowledgement: String?
    var canAct: Bool
    var canSuspend: Bool
    var csrf: String

    init(_ alert: MonitoringAlert, canAct: Bool, csrf: String) {
        id = alert.id
        applicationID = alert.applicationID
        applicationHref = WorkflowPaths.application(alert.applicationID)
        permitID = alert.permitID
        raised = Format.time(alert.raisedAt)
        change = alert.change
        regimes = alert.regimes.joined(separator: ", ")
        previous = Format.verdicts(alert.previousVerdicts)
        new = Format.verdicts(alert.newVerdicts)
        claims = alert.claimIDs
        acknowledged = alert.isAcknowledged
        acknowledgement = alert.acknowledgedAt.map { "Acknowledged by \(alert.acknowledgedBy ?? "?") on \(Format.time($0))" + (alert.note.map { ": \($0)" } ?? "") }
        self.canAct = canAct && !alert.isAcknowledged
        canSuspend = self.canAct && alert.permitID != nil
        self.csrf = csrf
    }
}

struct DecisionView: Sendable {
    var applicationHref: String
    var applicationID: String
    var outcome: String
    var decider: String
    var at: String
    var rationale: String
    var verdicts: String
    var assessmentID: String
    var conditions: [String]

    init(_ decision: DecisionRecord) {
        applicationHref = WorkflowPaths.application(decision.applicationID)
        applicationID = decision.applicationID
        outcome = decision.outcome.rawValue
        decider = decision.deciderName
        at = Format.time(decision.at)
        rationale = decision.rationale
        verdicts = Format.verdicts(decision.verdicts)
        assessmentID = decision.assessmentID
        conditions = decision.conditions
    }
}

struct AuditRowView: Sendable {
    var seq: Int
    var at: String
    var actor: String
    var action: String
    var subject: String
    var before: String?
    var after: String?
    var hash: String

    init(_ entry: AuditEntry) {
        seq = entry.seq
        at = Format.time(entry.at)
        actor = entry.actor
        action = entry.action
        subject = entry.subject
        before = entry.before
        after = entry.after
        hash = String(entry.hash.prefix(16))
    }
}

/// Previous / next links of a paged list.
struct PagingView: Sendable {
    var page: Int
    var pageCount: Int
    var total: Int
    var previousHref: String?
    var nextHref: String?

    init(page: Int, pageCount: Int, total: Int, href: (Int) -> String) {
        self.page = page
        self.pageCount = pageCount
        self.total = total
        previousHref = page > 1 ? href(page - 1) : nil
        nextHref = page < pageCount ? href(page + 1) : nil
    }
}
