import Foundation
import OversightCore
import OversightFormats
import Testing

/// The reader checks each value against `ApplicationRules` (purpose `.assessment`): what the rules accept for an
/// assessment it reads, what they refuse it reports with the rules' words at the field's path.
@Suite struct ApplicationReaderRulesTests {
    static func json(item: String, destination: String = "PE") -> Data {
        Data("""
            {"id": "a", "exporter": "CA", "destination": "\(destination)", "decisionDate": "2023-02-06",
             "endUser": {"name": "Policía Nacional del Perú"}, "items": [\(item)]}
            """.utf8)
    }

    static func issues(_ data: Data) -> [String: String] {
        do {
            _ = try ApplicationReader.read(data)
            return [:]
        } catch let error as ValidationError {
            return Dictionary(error.issues.map { ($0.path, $0.message) }, uniquingKeysWith: { a, _ in a })
        } catch {
            return ["$": "\(error)"]
        }
    }

    @Test func quantityZeroAndUndisclosedEntriesAreReadForAnAssessment() throws {
        let application = try ApplicationReader.read(Self.json(item: #"{"controlEntry": null, "description": "Rifles", "quantity": 0}"#))
        #expect(application.items.first?.quantity == 0)
        #expect(application.items.first?.isUndisclosed == true)
    }

    @Test func refusedValuesCarryTheRulesWords() {
        let found = Self.issues(Self.json(item: #"{"controlEntry": "2-99", "description": "X", "quantity": -2, "value": 5, "currency": "cad"}"#,
                                          destination: "pe"))
        #expect(found["destination"] == ApplicationRules.countryProblem("pe"))
        #expect(found["items[0].controlEntry"] == ApplicationRules.controlEntryProblem("2-99", for: .assessment))
        #expect(found["items[0].quantity"] == ApplicationRules.quantityProblem(-2, for: .assessment))
        #expect(found["items[0].currency"] == ApplicationRules.currencyProblem("cad", value: 5))
    }

    @Test func aQuantityPastTheRangeOfIntIsRefusedNotWrapped() {
        let found = Self.issues(Self.json(item: #"{"controlEntry": "2-14", "description": "X", "quantity": 1e300}"#))
        #expect(found["items[0].quantity"]?.contains("too large for a quantity") == true, "\(found)")
    }
}
