import Foundation
import OversightCore

/// Field-level checks of an application before it is saved or submitted. Field names follow the JSON schema of
/// docs/APPLICATION.md (`destination`, `items[0].controlEntry`…), so forms and API clients can show each message
/// next to its field.
enum ApplicationValidation {
    static let maximumText = 2000
    static let maximumItems = 100

    /// Field → problem; empty when the application is acceptable. `complete` requires everything a submission
    /// needs; a draft may still lack items or an end use.
    static func problems(_ application: ExportApplication, complete: Bool, reference: ReferenceData = .shared,
                         methodology: Methodology = .standard) -> [String: String] {
        var fields: [String: String] = [:]
        func text(_ value: String, _ field: String, required: Bool, what: String) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if required { fields[field] = "is required: \(what)" }
            } else if value.count > maximumText {
                fields[field] = "is too long (\(value.count) characters; at most \(maximumText))"
            }
        }
        func country(_ code: String?, _ field: String, required: Bool) {
            guard let code, !code.isEmpty else {
                if required { fields[field] = "is required: a two-letter ISO 3166 country code such as PE" }
                return
            }
            if reference.country(code) == nil { fields[field] = "'\(code)' is not a known ISO 3166 alpha-2 country code (e.g. PE, CA, DE)" }
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
        text(application.endUse, "endUse", required: complete, what: "the stated end use")
        for (n, party) in application.intermediaries.enumerated() {
            text(party.name, "intermediaries[\(n)].name", required: true, what: "the intermediary's name")
            country(party.country, "intermediaries[\(n)].country", required: false)
        }
        if application.items.isEmpty {
            if complete { fields["items"] = "add at least one item (control-list entry, description, quantity, value)" }
        } else if application.items.count > maximumItems {
            fields["items"] = "at most \(maximumItems) items per application"
        }
        for (n, item) in application.items.enumerated() {
            let path = "items[\(n)]"
            if reference.controlEntry(item.controlEntry) == nil {
                fields[path + ".controlEntry"] = "'\(item.controlEntry)' is not a control-list entry; use 2-1 … 2-22 or ML1 … ML22"
            }
            text(item.description, path + ".description", required: true, what: "what the item is")
            if let quantity = item.quantity, quantity <= 0 { fields[path + ".quantity"] = "must be a whole number greater than 0" }
            if complete, item.quantity == nil { fields[path + ".quantity"] = "is required: the permit limits the quantity" }
            if let value = item.value, !(value >= 0 && value.isFinite) { fields[path + ".value"] = "must be a number 0 or greater" }
            if complete, item.value == nil { fields[path + ".value"] = "is required: the permit limits the value" }
            if let currency = item.currency {
                if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                    fields[path + ".currency"] = "'\(currency)' is not an ISO 4217 code such as CAD"
                }
            } else if item.value != nil {
                fields[path + ".currency"] = "is required when a value is given (e.g. CAD)"
            }
        }
        let known = Set(methodology.mitigations.map(\.code))
        for (n, code) in application.mitigations.enumerated() where !known.contains(code) {
            fields["mitigations[\(n)]"] = "'\(code)' is not a known mitigation measure; use one of \(known.sorted().joined(separator: ", "))"
        }
        return fields
    }
}
