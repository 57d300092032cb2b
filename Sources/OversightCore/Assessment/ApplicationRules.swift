import Foundation

/// The rules an export application's values must meet, written once for every way an application arrives:
/// the assessment format (`oversight assess`, the assessment form and `POST /api/v1/assessments`; read by
/// `ApplicationReader`, docs/APPLICATION.md) and permit applications (the workflow's forms and API, as a draft
/// or on submission). Field names are the JSON paths of docs/APPLICATION.md, so each message can stand next to
/// its field.
///
/// Where the purposes differ, they differ here, on purpose, and docs/APPLICATION.md says so:
/// - an assessment may describe an item whose control entry was not disclosed (`undisclosed`) and may give a
///   quantity of 0 or none: historical decisions are encoded from what was published;
/// - a permit application names the entry of every item, and a permit limits quantity and value, so a
///   submitted application needs both, and a quantity of at least 1.
public enum ApplicationRules {
    public enum Purpose: Sendable, Equatable {
        /// An application to assess (docs/APPLICATION.md).
        case assessment
        /// A permit application being drafted: what is given must be right; some may be missing.
        case draft
        /// A permit application sent for decision: everything a permit needs.
        case submission

        var isPermit: Bool { self != .assessment }
    }

    /// The most characters of one text field of a permit application.
    public static let maximumText = 2000
    /// The most items of a permit application.
    public static let maximumItems = 100

    // MARK: - One value at a time (the reader checks each as it parses it)

    /// A country code: ISO 3166 alpha-2, in capitals.
    public static func countryProblem(_ code: String, reference: ReferenceData = .shared) -> String? {
        code.count == 2 && code == code.uppercased() && reference.country(code) != nil
            ? nil : "'\(code)' is not an ISO 3166 alpha-2 country code in capitals (e.g. CA, PE)"
    }

    /// A control-list entry (`2-14`, `ML14`); `undisclosed` only in an application to assess.
    public static func controlEntryProblem(_ entry: String, for purpose: Purpose) -> String? {
        if entry == ApplicationItem.undisclosed {
            return purpose.isPermit ? "is required: the control-list entry of the item (2-1 … 2-22 or ML1 … ML22)" : nil
        }
        guard ControlEntry.canonicalCode(entry) == nil else { return nil }
        return "'\(entry)' is not a control-list entry; use 2-1 … 2-22 or ML1 … ML22"
            + (purpose.isPermit ? "" : ", or \"undisclosed\"")
    }

    /// A quantity: a whole number ≥ 0 to assess; ≥ 1 for a permit, and required on submission.
    public static func quantityProblem(_ quantity: Int?, for purpose: Purpose) -> String? {
        guard let quantity else { return purpose == .submission ? "is required: the permit limits the quantity" : nil }
        if purpose.isPermit, quantity < 1 { return "must be a whole number of at least 1: the permit limits the quantity" }
        return quantity < 0 ? "must be a whole number ≥ 0" : nil
    }

    /// A value in major units: a finite number ≥ 0; required on submission.
    public static func valueProblem(_ value: Double?, for purpose: Purpose) -> String? {
        guard let value else { return purpose == .submission ? "is required: the permit limits the value" : nil }
        return value >= 0 && value.isFinite ? nil : "must be a number ≥ 0"
    }

    /// A currency: an ISO 4217 code in capitals, required with a value.
    public static func currencyProblem(_ currency: String?, value: Double?) -> String? {
        guard let currency else { return value == nil ? nil : "is required when a value is given (e.g. CAD)" }
        return currency.count == 3 && currency.allSatisfy({ $0.isASCII && $0.isUppercase }) ? nil : "'\(currency)' is not an ISO 4217 code such as CAD"
    }

    /// A mitigation measure's code, one of the methodology's.
    public static func mitigationProblem(_ code: String, methodology: Methodology = .standard) -> String? {
        methodology.mitigation(code) != nil ? nil
            : "'\(code)' is not a known mitigation measure; use one of \(methodology.mitigations.map(\.code).sorted().joined(separator: ", "))"
    }

    // MARK: - A whole application (built by a form or decoded from the API)

    /// Field → problem; empty when the application may be kept for `purpose`.
    public static func problems(_ application: ExportApplication, for purpose: Purpose, reference: ReferenceData = .shared,
                                methodology: Methodology = .standard) -> [String: String] {
        var fields: [String: String] = [:]
        func text(_ value: String, _ field: String, required: Bool, what: String) {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if required { fields[field] = "is required: \(what)" }
            } else if purpose.isPermit, value.count > maximumText {
                fields[field] = "is too long (\(value.count) characters; at most \(maximumText))"
            }
        }
        func country(_ code: String?, _ field: String, required: Bool) {
            guard let code, !code.isEmpty else {
                if required { fields[field] = "is required: a two-letter ISO 3166 country code such as PE" }
                return
            }
            if let problem = countryProblem(code, reference: reference) { fields[field] = problem }
        }
        if application.regimes.isEmpty && !application.autoRegimes {
            fields["regimes"] = "choose at least one regime (\(Regime.allCases.map(\.rawValue).joined(separator: ", "))) or \"auto\""
        }
        if Set(application.regimes).count != application.regimes.count { fields["regimes"] = "lists a regime twice" }
        country(application.exporter, "exporter", required: true)
        country(application.destination, "destination", required: true)
        text(application.consignee.name, "consignee.name", required: true, what: "the consignee's name")
        country(application.consignee.country, "consignee.country", required: false)
        text(application.endUser.name, "endUser.name", required: true, what: "the end user's name")
        if let unit = application.endUser.unit { text(unit, "endUser.unit", required: false, what: "") }
        text(application.endUse, "endUse", required: purpose == .submission, what: "the stated end use")
        for (n, party) in application.intermediaries.enumerated() {
            text(party.name, "intermediaries[\(n)].name", required: true, what: "the intermediary's name")
            country(party.country, "intermediaries[\(n)].country", required: false)
        }
        if application.items.isEmpty {
            if purpose != .draft { fields["items"] = "add at least one item (control-list entry, description, quantity, value)" }
        } else if purpose.isPermit, application.items.count > maximumItems {
            fields["items"] = "at most \(maximumItems) items per application"
        }
        for (n, item) in application.items.enumerated() {
            let path = "items[\(n)]"
            if let problem = controlEntryProblem(item.controlEntry, for: purpose) { fields[path + ".controlEntry"] = problem }
            text(item.description, path + ".description", required: true, what: "what the item is")
            if let problem = quantityProblem(item.quantity, for: purpose) { fields[path + ".quantity"] = problem }
            if let problem = valueProblem(item.value, for: purpose) { fields[path + ".value"] = problem }
            if let problem = currencyProblem(item.currency, value: item.value) { fields[path + ".currency"] = problem }
        }
        for (n, code) in application.mitigations.enumerated() {
            if let problem = mitigationProblem(code, methodology: methodology) { fields["mitigations[\(n)]"] = problem }
        }
        return fields
    }
}
