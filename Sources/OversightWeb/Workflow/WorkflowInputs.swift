import Foundation
import OversightCore
import OversightWorkflow

/// Where an action's input comes from: a page's form fields or the API's JSON object. Both are read by the
/// same code, so a page and its API twin validate alike and name the same fields.
struct InputFields: Sendable {
    private let values: [String: String]
    private let lists: [String: [String]]

    init(form: FormBody?) {
        values = form?.fields ?? [:]
        lists = [:]
    }

    /// A JSON object; strings, numbers and booleans become text, arrays of strings become lists.
    init(json: Data?) throws {
        guard let json, !json.isEmpty else {
            throw WorkflowError(.invalid, "the body is empty: send a JSON object", field: "$")
        }
        guard let object = try? JSONDecoder().decode([String: Scalar].self, from: json) else {
            throw WorkflowError(.invalid, "the body is not a JSON object of strings, numbers, booleans and lists of strings", field: "$")
        }
        var values: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case .text(let text): values[key] = text
            case .list(let list): lists[key] = list
            case .other: break
            }
        }
        self.values = values
        self.lists = lists
    }

    /// A JSON member as text (numbers and booleans as written), a list of strings, or something else.
    private enum Scalar: Decodable {
        case text(String)
        case list([String])
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) }
            else if let flag = try? container.decode(Bool.self) { self = .text(flag ? "true" : "false") }
            else if let number = try? container.decode(Int.self) { self = .text(String(number)) }
            else if let number = try? container.decode(Double.self) { self = .text(String(number)) }
            else if let list = try? container.decode([String].self) { self = .list(list) }
            else { self = .other }
        }
    }

    /// Trimmed text, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A list: a JSON array, or a form textarea with one entry per line.
    func list(_ name: String) -> [String] {
        if let list = lists[name] { return list.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return (values[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Collects field problems and throws them together.
struct FieldProblems {
    var fields: [String: String] = [:]

    mutating func required(_ input: InputFields, _ name: String, _ what: String) -> String {
        guard let value = input.text(name) else {
            fields[name] = "is required: \(what)"
            return ""
        }
        return value
    }

    mutating func choice<T: RawRepresentable>(_ input: InputFields, _ name: String, _ type: T.Type, allowed: [T]) -> T? where T.RawValue == String {
        let options = allowed.map(\.rawValue).joined(separator: ", ")
        guard let text = input.text(name) else {
            fields[name] = "is required: choose one of \(options)"
            return nil
        }
        guard let value = T(rawValue: text), allowed.map(\.rawValue).contains(text) else {
            fields[name] = "'\(text)' is not one of \(options)"
            return nil
        }
        return value
    }

    mutating func day(_ input: InputFields, _ name: String, required: Bool) -> Day? {
        guard let text = input.text(name) else {
            if required { fields[name] = "is required: a date as YYYY-MM-DD" }
            return nil
        }
        guard let day = Day(text) else {
            fields[name] = "'\(text)' is not a date: use YYYY-MM-DD, e.g. 2026-03-31"
            return nil
        }
        return day
    }

    mutating func integer(_ input: InputFields, _ name: String, required: Bool, minimum: Int) -> Int? {
        guard let text = input.text(name) else {
            if required { fields[name] = "is required: a whole number of at least \(minimum)" }
            return nil
        }
        guard let value = Int(text), value >= minimum else {
            fields[name] = "'\(text)' is not a whole number of at least \(minimum)"
            return nil
        }
        return value
    }

    mutating func amount(_ input: InputFields, _ name: String, required: Bool) -> Double? {
        guard let text = input.text(name) else {
            if required { fields[name] = "is required: an amount such as 125000 or 125000.50" }
            return nil
        }
        guard let value = Double(text.replacingOccurrences(of: ",", with: "")), value.isFinite, value >= 0 else {
            fields[name] = "'\(text)' is not an amount of 0 or more, e.g. 125000.50"
            return nil
        }
        return value
    }

    func check() throws {
        if !fields.isEmpty { throw WorkflowError.invalid(fields) }
    }
}

/// The inputs of each action, read from a form or JSON.
enum ActionInput {
    static let maximumText = 10_000

    static func rationale(_ input: InputFields, _ problems: inout FieldProblems, name: String = "rationale") -> String {
        let text = problems.required(input, name, "say why, in a sentence or more")
        if text.count > maximumText { problems.fields[name] = "is longer than \(maximumText) characters" }
        return text
    }

    struct Recommend { var outcome: RecommendedOutcome; var rationale: String; var conditions: [String] }
    static func recommend(_ input: InputFields) throws -> Recommend {
        var problems = FieldProblems()
        let outcome = problems.choice(input, "outcome", RecommendedOutcome.self, allowed: RecommendedOutcome.allCases)
        let rationale = rationale(input, &problems)
        try problems.check()
        return Recommend(outcome: outcome!, rationale: rationale, conditions: input.list("conditions"))
    }

    struct Decide { var outcome: PermitDecision.Outcome; var rationale: String; var conditions: [String] }
    static func decide(_ input: InputFields) throws -> Decide {
        var problems = FieldProblems()
        let outcome = problems.choice(input, "outcome", PermitDecision.Outcome.self, allowed: [.approvedWithConditions, .approved, .denied])
        let rationale = rationale(input, &problems)
        try problems.check()
        return Decide(outcome: outcome!, rationale: rationale, conditions: input.list("conditions"))
    }

    static func issue(_ input: InputFields) throws -> Day? {
        var problems = FieldProblems()
        let day = problems.day(input, "expiresOn", required: false)
        try problems.check()
        return day
    }

    struct ShipmentInput { var line: Int; var quantity: Int; var value: Double; var shippedOn: Day }
    static func shipment(_ input: InputFields) throws -> ShipmentInput {
        var problems = FieldProblems()
        let line = problems.integer(input, "line", required: true, minimum: 1)
        let quantity = problems.integer(input, "quantity", required: true, minimum: 1)
        let value = problems.amount(input, "value", required: true)
        let shippedOn = problems.day(input, "shippedOn", required: true)
        try problems.check()
        // Lines are numbered from 1 for people; the service counts from 0.
        return ShipmentInput(line: line! - 1, quantity: quantity!, value: value!, shippedOn: shippedOn!)
    }

    static func reason(_ input: InputFields, field: String = "reason") throws -> String {
        var problems = FieldProblems()
        let reason = rationale(input, &problems, name: field)
        try problems.check()
        return reason
    }

    struct NewUser { var name: String; var role: Role; var password: String? }
    static func newUser(_ input: InputFields) throws -> NewUser {
        var problems = FieldProblems()
        let name = problems.required(input, "name", "the sign-in name")
        if !name.isEmpty, let problem = UserAccount.nameProblem(name) { problems.fields["name"] = problem }
        let role = problems.choice(input, "role", Role.self, allowed: Role.allCases)
        try problems.check()
        return NewUser(name: name, role: role!, password: input.text("password"))
    }

    struct UserChange { var role: Role?; var disabled: Bool? }
    static func userChange(_ input: InputFields) throws -> UserChange {
        var problems = FieldProblems()
        var role: Role?
        if input.text("role") != nil { role = problems.choice(input, "role", Role.self, allowed: Role.allCases) }
        var disabled: Bool?
        if let text = input.text("disabled") {
            switch text.lowercased() {
            case "true", "yes", "on", "1": disabled = true
            case "false", "no", "off", "0": disabled = false
            default: problems.fields["disabled"] = "'\(text)' is not true or false"
            }
        }
        if role == nil && disabled == nil && problems.fields.isEmpty {
            problems.fields["role"] = "give a new role, or disabled=true/false"
        }
        try problems.check()
        return UserChange(role: role, disabled: disabled)
    }

    /// The number of item rows on the new-application form.
    static let formItemRows = 3

    /// An application from the new-application form (`item1-controlEntry`…), every problem named by its field.
    static func application(form input: InputFields, today: Day) throws -> ExportApplication {
        var problems = FieldProblems()
        let exporter = problems.required(input, "exporter", "the exporting country").uppercased()
        if !exporter.isEmpty, ReferenceData.shared.country(exporter) == nil {
            problems.fields["exporter"] = "'\(exporter)' is not an ISO 3166 alpha-2 country code (e.g. CA for Canada)"
        }
        let destination = problems.required(input, "destination", "the destination country").uppercased()
        if !destination.isEmpty, ReferenceData.shared.country(destination) == nil {
            problems.fields["destination"] = "'\(destination)' is not an ISO 3166 alpha-2 country code (e.g. PE for Peru)"
        }
        let consignee = problems.required(input, "consigneeName", "who receives the goods")
        let consigneeCountry = input.text("consigneeCountry")?.uppercased()
        if let code = consigneeCountry, ReferenceData.shared.country(code) == nil {
            problems.fields["consigneeCountry"] = "'\(code)' is not an ISO 3166 alpha-2 country code"
        }
        let endUser = problems.required(input, "endUserName", "who will use the goods")
        let endUse = problems.required(input, "endUse", "what the goods will be used for")
        let regimes = Regime.allCases.filter { input.text("regime-\($0.rawValue)") != nil }
        if regimes.isEmpty { problems.fields["regimes"] = "choose at least one regime (EIPA, ATT, EU)" }
        var items: [ApplicationItem] = []
        for row in 1...formItemRows {
            let prefix = "item\(row)-"
            let entry = input.text(prefix + "controlEntry")
            let description = input.text(prefix + "description")
            let filled = entry != nil || description != nil || input.text(prefix + "quantity") != nil || input.text(prefix + "value") != nil
            guard filled else { continue }
            var code = ""
            if let entry {
                if let canonical = ControlEntry.canonicalCode(entry), let known = ReferenceData.shared.controlEntry(canonical) {
                    // Kept as the applicant chose it (Canada's ECL number, or the ML number).
                    code = entry.uppercased().hasPrefix("ML") ? known.id : known.ecl
                } else {
                    problems.fields[prefix + "controlEntry"] = "'\(entry)' is not a control-list entry; choose one from the list (e.g. 2-14)"
                }
            } else {
                problems.fields[prefix + "controlEntry"] = "is required for a filled item row: choose the control-list entry"
            }
            if description == nil { problems.fields[prefix + "description"] = "is required for a filled item row: describe the goods" }
            let quantity = problems.integer(input, prefix + "quantity", required: false, minimum: 1)
            let value = problems.amount(input, prefix + "value", required: false)
            var currency = input.text(prefix + "currency")?.uppercased()
            if value != nil, currency == nil { currency = "CAD" }
            if let given = currency, given.count != 3 || !given.allSatisfy({ $0.isASCII && $0.isLetter }) {
                problems.fields[prefix + "currency"] = "'\(given)' is not a three-letter currency code (e.g. CAD)"
            }
            items.append(ApplicationItem(controlEntry: code, description: description ?? "", quantity: quantity, value: value, currency: currency))
        }
        if items.isEmpty && problems.fields["item1-controlEntry"] == nil {
            problems.fields["item1-controlEntry"] = "add at least one item: its control-list entry and description"
        }
        try problems.check()
        return ExportApplication(
            id: "", regimes: regimes, exporter: exporter, destination: destination, decisionDate: today,
            consignee: Party(name: consignee, country: consigneeCountry ?? destination), endUser: EndUser(name: endUser, unit: input.text("endUserUnit")),
            items: items, endUse: endUse,
            mitigations: Methodology.standard.mitigations.map(\.code).filter { input.text("mitigation-" + $0) != nil })
    }
}

/// The form field a service field problem belongs to (`items[0].quantity` → `item1-quantity`).
func formFieldName(_ serviceField: String) -> String {
    if serviceField.hasPrefix("mitigations") { return "mitigations" }
    if serviceField.hasPrefix("consignee.") { return serviceField == "consignee.country" ? "consigneeCountry" : "consigneeName" }
    if serviceField.hasPrefix("endUser.") { return serviceField == "endUser.unit" ? "endUserUnit" : "endUserName" }
    guard serviceField.hasPrefix("items["), let close = serviceField.firstIndex(of: "]"),
          let index = Int(serviceField[serviceField.index(serviceField.startIndex, offsetBy: 6)..<close]) else { return serviceField }
    let rest = serviceField[serviceField.index(after: close)...].drop { $0 == "." }
    return "item\(index + 1)-" + (rest.isEmpty ? "controlEntry" : rest)
}

