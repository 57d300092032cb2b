import Foundation
import OversightCore
import OversightStore
import OversightWorkflow

/// The application page: parties, items, screening hits with explanations, the assessment, recommendations,
/// decisions, the permit and its utilisation, alerts, the history, and the forms of the actions the user may take.
struct ApplicationPage {
    struct ItemView {
        var line: Int
        var controlEntry: String
        var entryTitle: String
        var description: String
        var quantity: String
        var value: String
    }

    struct HitView {
        var party: String
        var role: String
        var entryName: String
        var entryID: String
        var list: String
        var score: String
        var explanation: String
        var underArmsEmbargo: Bool
    }

    struct VerdictView {
        var regime: String
        var verdict: String
        var cssClass: String
    }

    struct AssessmentView {
        var at: String
        var trigger: String
        var knowledgeDate: String
        var digest: String
        var verdicts: [VerdictView]
        var rationale: [String]
        var conditions: [String]
        var reportHref: String
        var highRisk: Bool
    }

    struct RecommendationView {
        var officer: String
        var at: String
        var outcome: String
        var rationale: String
        var conditions: [String]
        var assessmentID: String
    }

    struct LimitView {
        var line: Int
        var controlEntry: String
        var description: String
        var quantityLimit: String
        var valueLimit: String
        var quantityShipped: Int
        var valueShipped: String
    }

    struct PermitView {
        var number: String
        var state: String
        var stateReason: String?
        var issued: String
        var expiresOn: String
        var conditions: [String]
        var limits: [LimitView]
    }

    struct ShipmentView {
        var line: Int
        var quantity: Int
        var value: String
        var shippedOn: String
        var recordedBy: String
    }

    /// One action form, with what was wrong the last time it was sent.
    struct ActionForm {
        var show: Bool
        var message: String?
        var errors: [String: String] = [:]
        var errorList: [FieldErrorView] = []
        var values: [String: String] = [:]
        var hasErrors: Bool { message != nil }
    }

    var chrome: PageChrome
    var csrf: String
    var id: String
    var state: String
    var stateLabel: String
    var stateReason: String?
    var applicant: String
    var exporter: String
    var destination: String
    var consignee: String
    var endUser: String
    var endUserUnit: String?
    var endUse: String
    var regimes: String
    var items: [ItemView]
    var mitigations: [String]
    var screened: Bool
    var screeningNote: String
    var hits: [HitView]
    var assessment: AssessmentView?
    var recommendations: [RecommendationView]
    var decisions: [DecisionView]
    var permit: PermitView?
    var shipments: [ShipmentView]
    var alerts: [AlertView]
    var history: [AuditRowView]
    var lineOptions: [OptionView]
    var refusal: String?

    var submitForm: ActionForm
    var recommendForm: ActionForm
    var decideForm: ActionForm
    var issueForm: ActionForm
    var shipmentForm: ActionForm
    var suspendForm: ActionForm
    var reinstateForm: ActionForm
    var revokeForm: ActionForm
    var expireForm: ActionForm
    var hasActions: Bool

    init(detail: ApplicationDetail, actions: [ApplicationAction], session: Session?, path: String) {
        let record = detail.record
        let application = record.application
        chrome = PageChrome(title: "Application \(record.id)", path: path, session: session)
        csrf = session?.csrfToken ?? ""
        id = record.id
        state = record.state.rawValue
        stateLabel = record.state.label
        stateReason = record.stateReason
        applicant = record.applicantName
        exporter = application.exporter
        destination = ReferenceData.shared.country(application.destination).map { "\($0.name) (\(application.destination))" } ?? application.destination
        consignee = application.consignee.name + (application.consignee.country.map { " (\($0))" } ?? "")
        endUser = application.endUser.name
        endUserUnit = application.endUser.unit
        endUse = application.endUse
        regimes = application.regimes.map(\.rawValue).joined(separator: ", ")
        items = application.items.enumerated().map { index, item in
            ItemView(line: index + 1, controlEntry: item.controlEntry,
                     entryTitle: ReferenceData.shared.controlEntry(item.controlEntry)?.title ?? "",
                     description: item.description, quantity: item.quantity.map(String.init) ?? "—",
                     value: Format.amount(item.value, item.currency))
        }
        mitigations = application.mitigations
        let screening = detail.screenings.first
        screened = screening != nil
        if let screening {
            screeningNote = screening.entriesScreened == 0
                ? "No screening list is loaded on this server, so no party could be matched (load one with `oversight screening import`)."
                : "Screened on \(Format.time(screening.at)) against \(screening.entriesScreened) list entries: \(screening.hits.count) hit(s)."
            hits = screening.hits.map { hit in
                let percent = Int((hit.score * 100).rounded())
                var explanation = "The \(hit.role) '\(hit.party)' resembles the \(hit.list) entry '\(hit.entryName)' (\(hit.entryID)) with a name-match score of \(percent)%"
                explanation += hit.underArmsEmbargo
                    ? "; the entry is under a UN arms embargo, which prohibits the transfer if the match is confirmed."
                    : "; an officer must confirm or dismiss the match."
                return HitView(party: hit.party, role: hit.role, entryName: hit.entryName, entryID: hit.entryID, list: hit.list,
                               score: String(format: "%.2f", hit.score), explanation: explanation, underArmsEmbargo: hit.underArmsEmbargo)
            }
        } else {
            screeningNote = "Not screened yet: parties are screened when the application is submitted."
            hits = []
        }
        assessment = detail.latestAssessment.map { stored in
            AssessmentView(
                at: Format.time(stored.at), trigger: stored.trigger.rawValue, knowledgeDate: stored.knowledgeDate.description,
                digest: stored.inputDigest,
                verdicts: stored.verdicts.keys.sorted().map { VerdictView(regime: $0, verdict: stored.verdicts[$0]!.rawValue, cssClass: "verdict-" + stored.verdicts[$0]!.rawValue) },
                rationale: stored.report.rationale, conditions: stored.report.conditions,
                reportHref: WorkflowPaths.application(record.id) + "/assessment", highRisk: FourEyes.isHighRisk(stored.verdicts))
        }
        recommendations = detail.recommendations.map {
            RecommendationView(officer: $0.officerName, at: Format.time($0.at), outcome: $0.outcome.rawValue, rationale: $0.rationale,
                               conditions: $0.conditions, assessmentID: $0.assessmentID)
        }
        decisions = detail.decisions.map(DecisionView.init)
        let utilisation = detail.utilisation
        permit = detail.permit.map { permit in
            PermitView(number: permit.number, state: permit.state.rawValue, stateReason: permit.stateReason, issued: Format.time(permit.issuedAt),
                       expiresOn: permit.expiresOn.description, conditions: permit.conditions,
                       limits: permit.limits.map { limit in
                           let used = utilisation[limit.line]
                           return LimitView(line: limit.line + 1, controlEntry: limit.controlEntry, description: limit.description,
                                            quantityLimit: limit.quantity.map(String.init) ?? "no limit",
                                            valueLimit: Format.amount(limit.value, limit.currency),
                                            quantityShipped: used?.quantity ?? 0, valueShipped: Format.amount(used?.value ?? 0, limit.currency))
                       })
        }
        shipments = detail.shipments.map {
            ShipmentView(line: $0.line + 1, quantity: $0.quantity, value: Format.amount($0.value, nil), shippedOn: $0.shippedOn.description,
                         recordedBy: $0.recordedBy)
        }
        let canAct = session.map { Access.staff.allows($0.user.role) } ?? false
        alerts = detail.alerts.map { AlertView($0, canAct: canAct, csrf: session?.csrfToken ?? "") }
        history = detail.history.map(AuditRowView.init)
        lineOptions = (detail.permit?.limits ?? []).map { OptionView(value: String($0.line + 1), label: "\($0.line + 1): \($0.controlEntry) \($0.description)") }
        let has = Set(actions)
        submitForm = ActionForm(show: has.contains(.submit))
        recommendForm = ActionForm(show: has.contains(.recommend))
        decideForm = ActionForm(show: has.contains(.approve) || has.contains(.deny))
        issueForm = ActionForm(show: has.contains(.issue))
        shipmentForm = ActionForm(show: has.contains(.recordShipment))
        suspendForm = ActionForm(show: has.contains(.suspend))
        reinstateForm = ActionForm(show: has.contains(.reinstate))
        revokeForm = ActionForm(show: has.contains(.revoke))
        expireForm = ActionForm(show: has.contains(.expire))
        hasActions = !has.subtracting([.updateDraft, .recordScreening, .recordAssessment]).isEmpty
    }

    /// Marks the form of the refused action with the error and the values sent.
    mutating func refused(action: String, error: WorkflowError, values: [String: String]) {
        var form = ActionForm(show: true, message: error.message, errors: error.fields,
                              errorList: FormState(errors: error.fields).errorList, values: values)
        form.values[WebSecurity.csrfField] = nil
        refusal = error.message
        switch action {
        case "submit": submitForm = form
        case "recommend": recommendForm = form
        case "decide": decideForm = form
        case "issue": issueForm = form
        case "shipments": shipmentForm = form
        case "suspend": suspendForm = form
        case "reinstate": reinstateForm = form
        case "revoke": revokeForm = form
        case "expire": expireForm = form
        default: break
        }
    }
}
