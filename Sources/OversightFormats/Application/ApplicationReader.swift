import Foundation
import OversightCore

/// Reads an export application from JSON (schema: docs/APPLICATION.md), listing every problem found with its
/// field path — not only the first — so a person can fix the whole file in one go. The JSON's shape is checked
/// here; each value against `ApplicationRules` (purpose `.assessment`), the rules permit applications use too.
public enum ApplicationReader {
    public static func read(_ data: Data, methodology: Methodology = .standard, reference: ReferenceData = .shared) throws -> ExportApplication {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ValidationError([ValidationIssue(path: "$", message: "not valid JSON: \(error.localizedDescription)")])
        }
        guard let root = object as? [String: Any] else {
            throw ValidationError([ValidationIssue(path: "$", message: "the application must be a JSON object")])
        }
        var issues: [ValidationIssue] = []
        func fail(_ path: String, _ message: String) { issues.append(ValidationIssue(path: path, message: message)) }

        func string(_ dict: [String: Any], _ key: String, _ path: String, required: Bool = true) -> String? {
            guard let value = dict[key], !(value is NSNull) else {
                if required { fail(path, "is required") }
                return nil
            }
            guard let text = value as? String else { fail(path, "must be a string"); return nil }
            if required && text.trimmingCharacters(in: .whitespaces).isEmpty { fail(path, "must not be empty"); return nil }
            return text
        }
        func country(_ dict: [String: Any], _ key: String, _ path: String, required: Bool = true) -> String? {
            guard let code = string(dict, key, path, required: required) else { return nil }
            if let problem = ApplicationRules.countryProblem(code, reference: reference) {
                fail(path, problem)
                return nil
            }
            return code
        }
        func party(_ value: Any?, _ path: String) -> Party? {
            guard let dict = value as? [String: Any] else { fail(path, "must be an object {\"name\": …, \"country\": …}"); return nil }
            let name = string(dict, "name", path + ".name")
            let code = country(dict, "country", path + ".country", required: false)
            return name.map { Party(name: $0, country: code) }
        }

        let id = string(root, "id", "id")
        var regimes: [Regime] = []
        var autoRegimes = false
        let regimeCodes = Regime.allCases.map(\.rawValue).joined(separator: ", ")
        if root["regimes"] == nil || root["regimes"] is NSNull {
            autoRegimes = true
        } else if let text = root["regimes"] as? String {
            if text == "auto" { autoRegimes = true } else {
                fail("regimes", "must be \"auto\" (the regimes binding the exporter on the decision date) or a non-empty array of \(regimeCodes)")
            }
        } else if let list = root["regimes"] as? [Any], !list.isEmpty {
            for (n, value) in list.enumerated() {
                if let text = value as? String, let regime = Regime(rawValue: text) {
                    if !regimes.contains(regime) { regimes.append(regime) }
                } else {
                    fail("regimes[\(n)]", "must be one of \(regimeCodes)")
                }
            }
        } else {
            fail("regimes", "is required: \"auto\" or a non-empty array of \(regimeCodes)")
        }
        let exporter = country(root, "exporter", "exporter")
        let destination = country(root, "destination", "destination")
        var decisionDate: Day?
        if let text = string(root, "decisionDate", "decisionDate") {
            decisionDate = Day(text)
            if decisionDate == nil { fail("decisionDate", "'\(text)' is not a date in the form YYYY-MM-DD") }
        }
        var endUser: EndUser?
        if let dict = root["endUser"] as? [String: Any] {
            let name = string(dict, "name", "endUser.name")
            let unit = string(dict, "unit", "endUser.unit", required: false)
            var units: [String]?
            if let value = dict["units"], !(value is NSNull) {
                if let list = value as? [String], !list.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { units = list } else {
                    fail("endUser.units", "must be an array of unit ids or exact unit names")
                }
            }
            var scope: EndUserScope?
            if let text = string(dict, "scope", "endUser.scope", required: false) {
                scope = EndUserScope(rawValue: text)
                if scope == nil { fail("endUser.scope", "must be one of \(EndUserScope.allCases.map(\.rawValue).joined(separator: ", "))") }
            }
            let force = string(dict, "force", "endUser.force", required: false)
            if let force, !EndUser.forces.contains(force) {
                fail("endUser.force", "must be one of \(EndUser.forces.joined(separator: ", "))")
            }
            if scope == .force && force == nil { fail("endUser.force", "is required with scope \"force\": name the branch (\(EndUser.forces.joined(separator: ", ")))") }
            for key in dict.keys.sorted() where !["name", "unit", "units", "scope", "force"].contains(key) {
                fail("endUser." + key, "is not a field of the end user (fields: force, name, scope, unit, units)")
            }
            endUser = name.map { EndUser(name: $0, unit: unit, units: units, scope: scope, force: force) }
        } else {
            fail("endUser", "is required: an object {\"name\": …, \"unit\": …}")
        }
        // The consignee defaults to the end user, in the destination.
        let consignee = root["consignee"] == nil || root["consignee"] is NSNull
            ? endUser.map { Party(name: $0.name, country: destination) } : party(root["consignee"], "consignee")
        var intermediaries: [Party] = []
        if let value = root["intermediaries"], !(value is NSNull) {
            if let list = value as? [Any] {
                for (n, item) in list.enumerated() { if let p = party(item, "intermediaries[\(n)]") { intermediaries.append(p) } }
            } else {
                fail("intermediaries", "must be an array of {\"name\", \"country\"}")
            }
        }
        var items: [ApplicationItem] = []
        if let list = root["items"] as? [Any], !list.isEmpty {
            for (n, value) in list.enumerated() {
                let path = "items[\(n)]"
                guard let dict = value as? [String: Any] else { fail(path, "must be an object"); continue }
                // An undisclosed control entry is null, omitted or "undisclosed".
                let entry = string(dict, "controlEntry", path + ".controlEntry", required: false) ?? ApplicationItem.undisclosed
                if let problem = ApplicationRules.controlEntryProblem(entry, for: .assessment) { fail(path + ".controlEntry", problem) }
                let description = string(dict, "description", path + ".description")
                var quantity: Int?
                if let q = dict["quantity"], !(q is NSNull) {
                    if let number = q as? NSNumber, number.doubleValue == number.doubleValue.rounded(),
                       let whole = Int(exactly: number.doubleValue) {
                        // (`Int(exactly:)`: a number past Int's range is not a quantity, where `intValue` wraps it.)
                        if let problem = ApplicationRules.quantityProblem(whole, for: .assessment) {
                            fail(path + ".quantity", problem)
                        } else { quantity = whole }
                    } else if let number = q as? NSNumber, number.doubleValue == number.doubleValue.rounded(), number.doubleValue > 0 {
                        fail(path + ".quantity", "\(number) is too large for a quantity")
                    } else { fail(path + ".quantity", "must be a whole number ≥ 0") }
                }
                var amount: Double?
                if let v = dict["value"], !(v is NSNull) {
                    if let number = v as? NSNumber {
                        if let problem = ApplicationRules.valueProblem(number.doubleValue, for: .assessment) {
                            fail(path + ".value", problem)
                        } else { amount = number.doubleValue }
                    } else { fail(path + ".value", "must be a number ≥ 0") }
                }
                let currency = string(dict, "currency", path + ".currency", required: false)
                if let problem = ApplicationRules.currencyProblem(currency, value: amount) { fail(path + ".currency", problem) }
                if let description {
                    items.append(ApplicationItem(controlEntry: entry, description: description, quantity: quantity, value: amount, currency: currency))
                }
            }
        } else {
            fail("items", "is required: a non-empty array of {\"controlEntry\", \"description\", \"quantity\", \"value\", \"currency\"}")
        }
        let endUse = string(root, "endUse", "endUse", required: false) ?? ""
        var mitigations: [String] = []
        if let value = root["mitigations"], !(value is NSNull) {
            if let list = value as? [Any] {
                for (n, item) in list.enumerated() {
                    guard let code = item as? String else {
                        fail("mitigations[\(n)]", "must be one of \(methodology.mitigations.map(\.code).joined(separator: ", "))")
                        continue
                    }
                    if let problem = ApplicationRules.mitigationProblem(code, methodology: methodology) {
                        fail("mitigations[\(n)]", problem)
                        continue
                    }
                    if !mitigations.contains(code) { mitigations.append(code) }
                }
            } else {
                fail("mitigations", "must be an array of codes")
            }
        }
        let known: Set<String> = ["id", "regimes", "exporter", "destination", "decisionDate", "consignee", "endUser",
                                  "intermediaries", "items", "endUse", "mitigations"]
        for key in root.keys.sorted() where !known.contains(key) {
            // An empty key still needs a path that shows where it is.
            fail(key.isEmpty ? "$[\"\"]" : key, "is not a field of an application (fields: \(known.sorted().joined(separator: ", ")))")
        }
        guard issues.isEmpty, let id, let exporter, let destination, let decisionDate, let consignee, let endUser else {
            throw ValidationError(issues)
        }
        var application = ExportApplication(id: id, regimes: regimes, exporter: exporter, destination: destination, decisionDate: decisionDate,
                                 consignee: consignee, endUser: endUser, intermediaries: intermediaries, items: items,
                                 endUse: endUse, mitigations: mitigations)
        application.autoRegimes = autoRegimes
        return application
    }
}
