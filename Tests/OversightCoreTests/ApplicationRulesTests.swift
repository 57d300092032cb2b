import Foundation
import OversightCore
import Testing

/// One set of rules for applications to assess and permit applications, with the two documented differences
/// (docs/APPLICATION.md): an undisclosed control entry and a quantity of 0 are for assessments only, and a
/// submitted permit application needs a quantity, a value and an end use.
@Suite struct ApplicationRulesTests {
    static func application(entry: String = "2-14", quantity: Int? = 4, value: Double? = 960_000, currency: String? = "CAD",
                            endUse: String = "Training", destination: String = "PE") -> ExportApplication {
        ExportApplication(
            id: "a", regimes: [.eipa], exporter: "CA", destination: destination, decisionDate: Day("2023-02-06")!,
            consignee: Party(name: "Policía Nacional del Perú", country: "PE"), endUser: EndUser(name: "Policía Nacional del Perú"),
            items: [ApplicationItem(controlEntry: entry, description: "Simulators", quantity: quantity, value: value, currency: currency)],
            endUse: endUse, mitigations: [])
    }

    @Test func aCompleteApplicationPassesForEveryPurpose() {
        for purpose in [ApplicationRules.Purpose.assessment, .draft, .submission] {
            #expect(ApplicationRules.problems(Self.application(), for: purpose).isEmpty, "\(purpose)")
        }
    }

    @Test func undisclosedEntriesAndQuantityZeroAreForAssessmentsOnly() {
        let undisclosed = Self.application(entry: ApplicationItem.undisclosed, quantity: 0)
        #expect(ApplicationRules.problems(undisclosed, for: .assessment).isEmpty)
        let draft = ApplicationRules.problems(undisclosed, for: .draft)
        #expect(draft["items[0].controlEntry"]?.hasPrefix("is required") == true)
        #expect(draft["items[0].quantity"] == "must be a whole number of at least 1: the permit limits the quantity")
        #expect(ApplicationRules.quantityProblem(-1, for: .assessment) == "must be a whole number ≥ 0")
    }

    @Test func aSubmissionNeedsWhatAPermitLimits() {
        let sparse = Self.application(quantity: nil, value: nil, currency: nil, endUse: " ")
        #expect(ApplicationRules.problems(sparse, for: .assessment).isEmpty, "an assessment may lack the figures")
        #expect(ApplicationRules.problems(sparse, for: .draft).isEmpty, "a draft may lack them too")
        let submitted = ApplicationRules.problems(sparse, for: .submission)
        #expect(Set(submitted.keys) == ["items[0].quantity", "items[0].value", "endUse"])
    }

    @Test func valuesAreCheckedTheSameWayForEveryPurpose() {
        let bad = Self.application(entry: "2-99", value: -5, currency: "cad", destination: "pe")
        let assessment = ApplicationRules.problems(bad, for: .assessment)
        let permit = ApplicationRules.problems(bad, for: .draft)
        for field in ["items[0].value", "items[0].currency", "destination"] {
            #expect(assessment[field] != nil && assessment[field] == permit[field], "\(field)")
        }
        #expect(assessment["destination"] == "'pe' is not an ISO 3166 alpha-2 country code in capitals (e.g. CA, PE)")
        #expect(assessment["items[0].controlEntry"]?.contains("'2-99' is not a control-list entry") == true)
        #expect(ApplicationRules.currencyProblem(nil, value: 10) == "is required when a value is given (e.g. CAD)")
        #expect(ApplicationRules.currencyProblem("C4D", value: 10) != nil, "an ISO 4217 code is three capital letters")
    }
}
