import Foundation

/// An application as the register keeps it: the assessed input plus its place in the lifecycle.
public struct ApplicationRecord: Codable, Sendable, Hashable, Identifiable {
    /// Also `application.id`.
    public var id: String
    public var state: ApplicationState
    /// The applicant user who owns it.
    public var applicantID: String
    /// The applicant's sign-in name, for lists.
    public var applicantName: String
    /// The application as entered (the schema of docs/APPLICATION.md).
    public var application: ExportApplication
    public var createdAt: Date
    public var updatedAt: Date
    public var submittedAt: Date?
    /// The verdicts of the latest assessment (regime → verdict); empty before assessment.
    public var verdicts: [String: Verdict]
    /// Why it was last suspended, revoked…; nil otherwise.
    public var stateReason: String?

    public init(id: String, state: ApplicationState, applicantID: String, applicantName: String, application: ExportApplication,
                createdAt: Date, updatedAt: Date, submittedAt: Date? = nil, verdicts: [String: Verdict] = [:], stateReason: String? = nil) {
        self.id = id
        self.state = state
        self.applicantID = applicantID
        self.applicantName = applicantName
        self.application = application
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.submittedAt = submittedAt
        self.verdicts = verdicts
        self.stateReason = stateReason
    }

    /// The worst verdict of the latest assessment.
    public var worstVerdict: Verdict? { FourEyes.worst(verdicts) }
}

/// One row of an application list.
public struct ApplicationSummary: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var state: ApplicationState
    public var applicantID: String
    public var applicantName: String
    public var exporter: String
    public var destination: String
    public var consignee: String
    public var endUser: String
    /// Total value of the items, where given.
    public var value: Double?
    public var currency: String?
    public var worstVerdict: Verdict?
    public var updatedAt: Date

    public init(id: String, state: ApplicationState, applicantID: String, applicantName: String, exporter: String,
                destination: String, consignee: String, endUser: String, value: Double?, currency: String?,
                worstVerdict: Verdict?, updatedAt: Date) {
        self.id = id
        self.state = state
        self.applicantID = applicantID
        self.applicantName = applicantName
        self.exporter = exporter
        self.destination = destination
        self.consignee = consignee
        self.endUser = endUser
        self.value = value
        self.currency = currency
        self.worstVerdict = worstVerdict
        self.updatedAt = updatedAt
    }

    public init(_ record: ApplicationRecord) {
        let values = record.application.items.compactMap(\.value)
        self.init(id: record.id, state: record.state, applicantID: record.applicantID, applicantName: record.applicantName,
                  exporter: record.application.exporter, destination: record.application.destination,
                  consignee: record.application.consignee.name, endUser: record.application.endUser.name,
                  value: values.isEmpty ? nil : values.reduce(0, +), currency: record.application.items.first?.currency,
                  worstVerdict: record.worstVerdict, updatedAt: record.updatedAt)
    }
}

/// Which applications to list.
public struct ApplicationFilter: Sendable, Hashable, Codable {
    public var states: Set<ApplicationState>
    /// ISO alpha-2.
    public var destination: String?
    /// Only this applicant's (always set for an applicant: they see only their own).
    public var applicantID: String?
    /// Applications whose latest worst verdict is this one.
    public var verdict: Verdict?
    /// Case-insensitive substring of the id, consignee, end user or exporter.
    public var text: String?
    /// 1-based.
    public var page: Int
    public var perPage: Int

    public init(states: Set<ApplicationState> = [], destination: String? = nil, applicantID: String? = nil, verdict: Verdict? = nil,
                text: String? = nil, page: Int = 1, perPage: Int = 50) {
        self.states = states
        self.destination = destination
        self.applicantID = applicantID
        self.verdict = verdict
        self.text = text
        self.page = page
        self.perPage = perPage
    }
}

/// One page of a longer list.
public struct Page<Item: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public var items: [Item]
    /// Items in the whole list.
    public var total: Int
    /// 1-based.
    public var page: Int
    public var perPage: Int

    public init(items: [Item], total: Int, page: Int, perPage: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
    }

    public var pageCount: Int { perPage > 0 ? max(1, (total + perPage - 1) / perPage) : 1 }
}
