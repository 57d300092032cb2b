import Foundation
import HummingbirdTesting
import OversightCore
import OversightDemo
import OversightStore
@testable import OversightWeb
import OversightWorkflow
import Testing

/// The transparency reports read the permit register: a refusal appears with its grounds in the COARM matrix and the
/// annual report, a shipment is an actual export, a register permit that is also an imported record counts once, and
/// the watchdog cross-checks every decision with the evidence public on its day. Real SQLite file (and PostgreSQL
/// when `OVERSIGHT_TEST_DATABASE_URL` is set), real HTTP through the app.
struct RegisterReportTests {
    /// The register of the scenario:
    /// - Spain applies to export simulators to the Peruvian police on 6 Feb 2023; assessed under the EU Common
    ///   Position, recommended for denial and denied.
    /// - Canada's application of the same day is approved by the senior reviewer against the assessment; its permit
    ///   P-… (ECL 2-14, CAD 960,000) is the permit the demo evidence also records (`permit:ca-pe-2023-02-06`); a
    ///   shipment of CAD 250,000 is recorded on 1 Mar 2023, and the permit is suspended on 2 Mar 2023.
    static func seed(_ app: WorkflowWebApp, clock: TestClock) async throws -> (denied: String, approved: String) {
        let service = app.service
        let officer = app.user(.officer), senior = app.user(.seniorReviewer), applicant = app.user(.applicant)
        var spanish = try demoApplication("peru-pnp-simulators-2023-02-06")
        spanish.id = ""
        spanish.exporter = "ES"
        spanish.regimes = [.eu]
        let draft = try await service.createDraft(spanish, by: applicant)
        let submitted = try await service.submit(id: draft.id, by: applicant)
        #expect(submitted.latestAssessment?.verdicts["EU"] == .deny, "\(String(describing: submitted.latestAssessment?.verdicts))")
        _ = try await service.recommend(id: draft.id, outcome: .deny, rationale: "Clear risk of internal repression", conditions: [], by: officer)
        _ = try await service.decide(id: draft.id, outcome: .denied, rationale: "Criterion 2", conditions: [], by: senior)

        var canadian = try demoApplication("peru-pnp-simulators-2023-02-06")
        canadian.id = ""
        let second = try await service.createDraft(canadian, by: applicant)
        _ = try await service.submit(id: second.id, by: applicant)
        _ = try await service.recommend(id: second.id, outcome: .approve, rationale: "Training only", conditions: [], by: officer)
        _ = try await service.decide(id: second.id, outcome: .approvedWithConditions, rationale: "Approved with conditions", conditions: [], by: senior)
        _ = try await service.issuePermit(applicationID: second.id, expiresOn: Day("2026-02-06")!, by: officer)
        clock.set("2023-03-01")
        _ = try await service.recordShipment(applicationID: second.id, line: 0, quantity: 1, value: 250_000, shippedOn: Day("2023-03-01")!,
                                             by: applicant)
        clock.set("2023-03-02")
        _ = try await service.changePermit(applicationID: second.id, action: .suspend, reason: "Protest deaths under inquiry", by: officer)
        return (draft.id, second.id)
    }

    static func demoApplication(_ name: String) throws -> ExportApplication {
        let url = try #require(DemoCase.applicationURLs()[name])
        return try JSONDecoder().decode(ExportApplication.self, from: Data(contentsOf: url))
    }

    static func report(_ client: some TestClientProtocol, _ path: String) async throws -> [String: Any] {
        try await client.execute(uri: path, method: .get) { response in
            #expect(response.status == .ok, "\(path): \(String(buffer: response.body))")
            return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        }
    }

    static func table(_ json: [String: Any], _ id: String) throws -> (columns: [String], rows: [[String]], totals: [String]?) {
        let document = try #require(json["document"] as? [String: Any])
        let tables = try #require(document["tables"] as? [[String: Any]])
        let table = try #require(tables.first { $0["id"] as? String == id }, "no table \(id)")
        let columns = try #require(table["columns"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        let rows = try #require(table["rows"] as? [[String]])
        return (columns, rows, table["totals"] as? [String])
    }

    static func cell(_ t: (columns: [String], rows: [[String]], totals: [String]?), _ row: [String], _ column: String) -> String? {
        t.columns.firstIndex(of: column).map { row[$0] }
    }

    @Test(arguments: WebBackend.all)
    func registerFeedsTheReports(_ backend: WebBackend) async throws {
        let clock = TestClock()
        clock.set("2023-02-06")
        try await WorkflowWebApp.test(backend, clock: clock) { app, client in
            let (denied, _) = try await Self.seed(app, clock: clock)

            // COARM: the refusal by Criterion 2, from the register.
            let coarm = try await Self.report(client, "/api/v1/reports/coarm?year=2023&exporter=ES")
            let matrix = try Self.table(coarm, "matrix")
            let peru = try #require(matrix.rows.first { Self.cell(matrix, $0, "code") == "PE" && Self.cell(matrix, $0, "entry") == "Subtotal" })
            #expect(Self.cell(matrix, peru, "refusals") == "1")
            #expect(Self.cell(matrix, peru, "criteria")?.contains("EU Criterion 2(a)") == true, "\(peru)")
            #expect(Self.cell(matrix, peru, "origin") == "register")
            let criteria = try Self.table(coarm, "criteria")
            let row = try #require(criteria.rows.first { Self.cell(criteria, $0, "code") == "PE" })
            #expect(Self.cell(criteria, row, "criterion_2") == "1")
            #expect(Self.cell(criteria, row, "criterion_7") == "0")

            // The annual report of Spain lists the denial with its grounds and counts it for Peru.
            let spain = try await Self.report(client, "/api/v1/reports/exports?year=2023&exporter=ES")
            let denials = try Self.table(spain, "denials")
            #expect(denials.rows.count == 1)
            let denial = try #require(denials.rows.first)
            #expect(Self.cell(denials, denial, "reference") == denied)
            #expect(Self.cell(denials, denial, "grounds")?.contains("EU Criterion 2(a)") == true)
            #expect(Self.cell(denials, denial, "date") == "2023-02-06")
            let spainMatrix = try Self.table(spain, "matrix")
            #expect(spainMatrix.rows.first { Self.cell(spainMatrix, $0, "code") == "PE" }.flatMap { Self.cell(spainMatrix, $0, "denials") } == "1")

            // Canada: the shipment is the actual export of 2023; the imported CAD 1.8 M row of the same exporter and
            // year is not summed, and the report says so.
            let canada = try await Self.report(client, "/api/v1/reports/exports?year=2023&exporter=CA")
            let caMatrix = try Self.table(canada, "matrix")
            let caPeru = try #require(caMatrix.rows.first { Self.cell(caMatrix, $0, "code") == "PE" })
            #expect(Self.cell(caMatrix, caPeru, "total") == "250000.00")
            #expect(Self.cell(caMatrix, caPeru, "permits_utilised") == "1")
            #expect(Self.cell(caMatrix, caPeru, "origin") == "register")
            let notes = try #require((canada["document"] as? [String: Any])?["notes"] as? [String])
            #expect(notes.contains { $0.contains("not summed") && $0.contains("CA") }, "\(notes)")
            let permits = try Self.table(canada, "permits")
            #expect(permits.rows.count == 1, "the register permit and the demo's record of it are one permit: \(permits.rows)")
            #expect(permits.rows.first.flatMap { Self.cell(permits, $0, "value") } == "960000.00")
            #expect(permits.rows.first.flatMap { Self.cell(permits, $0, "origin") } == "register")
            let suspensions = try Self.table(canada, "suspensions")
            #expect(suspensions.rows.count == 1)
            #expect(suspensions.rows.first.flatMap { Self.cell(suspensions, $0, "action") } == "suspended")
            #expect(suspensions.rows.first.flatMap { Self.cell(suspensions, $0, "reason") } == "Protest deaths under inquiry")

            // COARM for Canada: the register permit and the demo's permit record are one licence.
            let caCOARM = try Self.table(try await Self.report(client, "/api/v1/reports/coarm?year=2023&exporter=CA"), "matrix")
            let ml14 = try #require(caCOARM.rows.first { Self.cell(caCOARM, $0, "code") == "PE" && Self.cell(caCOARM, $0, "entry") != "Subtotal" })
            #expect(Self.cell(caCOARM, ml14, "licences_issued") == "1")
            #expect(Self.cell(caCOARM, ml14, "licensed_value") == "960000.00")
            #expect(Self.cell(caCOARM, ml14, "actual_exports") == "250000.00")

            // ATT report: the shipment (simulators, 2-14: outside the Art. 2(1) categories), labelled by origin.
            let att = try Self.table(try await Self.report(client, "/api/v1/reports/att?year=2023&exporter=CA"), "outside")
            #expect(att.rows.contains { Self.cell(att, $0, "value") == "250000.00" && Self.cell(att, $0, "comments")?.contains("origin: register") == true },
                    "\(att.rows)")

            // Watchdog: both decisions are cross-checked; the approval goes against the evidence of 6 Feb 2023.
            let watchdog = try await Self.report(client, "/api/v1/reports/watchdog?year=2023")
            let cases = try Self.table(watchdog, "cases")
            let decisions = cases.rows.filter { Self.cell(cases, $0, "kind") == "decision" }
            #expect(decisions.count == 2, "\(cases.rows)")
            let approval = try #require(decisions.first { Self.cell(cases, $0, "exporter") == "CA" })
            #expect(Self.cell(cases, approval, "cross_check")?.hasPrefix("approved although") == true, "\(approval)")
            #expect(Self.cell(cases, approval, "knowledge_date") == "2023-02-06")
            let refusal = try #require(decisions.first { Self.cell(cases, $0, "exporter") == "ES" })
            #expect(Self.cell(cases, refusal, "cross_check")?.hasPrefix("consistent: denied") == true, "\(refusal)")
            // The demo's permit record is that permit: checked once, as the register's decision.
            #expect(!cases.rows.contains { Self.cell(cases, $0, "case") == "permit:ca-pe-2023-02-06" })
        }
    }

    /// The register's derivations, pure: no store.
    @Test func registerRowsArePure() throws {
        let application = ExportApplication(
            id: "a1", regimes: [.eu], exporter: "DE", destination: "SA", decisionDate: Day("2024-01-10")!,
            consignee: Party(name: "Ministry of Defence", country: "SA"), endUser: EndUser(name: "Royal Saudi Air Force"),
            items: [ApplicationItem(controlEntry: "ML4", description: "Bombs", quantity: 10, value: 1_000, currency: "EUR"),
                    ApplicationItem(controlEntry: "ML10", description: "Parts", quantity: 5, value: 500, currency: "EUR")],
            endUse: "Air force")
        let permit = Permit(id: "permit-1", applicationID: "a1", number: "P-2024-1", issuedAt: Date(timeIntervalSince1970: 1_704_931_200),
                            issuedBy: "o", expiresOn: Day("2026-01-01")!, limits: PermitLimit.limits(of: application), conditions: [])
        let shipments = [
            Shipment(id: "s1", permitID: "permit-1", line: 0, quantity: 2, value: 200, shippedOn: Day("2024-02-01")!, recordedBy: "a", recordedAt: Date()),
            Shipment(id: "s2", permitID: "permit-1", line: 0, quantity: 1, value: 100.5, shippedOn: Day("2024-03-01")!, recordedBy: "a", recordedAt: Date()),
            Shipment(id: "s3", permitID: "permit-1", line: 1, quantity: 1, value: 50, shippedOn: Day("2025-01-05")!, recordedBy: "a", recordedAt: Date()),
        ]
        let decision = DecisionRecord(id: "d", applicationID: "a1", deciderID: "u", deciderName: "sam", at: Date(), outcome: .approved,
                                      rationale: "ok", assessmentID: "x", assessmentDigest: "y", verdicts: [:], conditions: [])
        var refused = application
        refused.id = "a2"
        let denial = DecisionRecord(id: "d2", applicationID: "a2", deciderID: "u", deciderName: "sam", at: Date(), outcome: .denied,
                                    rationale: "no", assessmentID: "x", assessmentDigest: "y", verdicts: [:], conditions: [])
        let register = Register(cases: [
            RegisterCase(applicationID: "a1", state: .issued, application: application, decision: decision, decidedOn: Day("2024-01-10")!,
                         permit: permit, issuedOn: Day("2024-01-11")!, shipments: shipments),
            RegisterCase(applicationID: "a2", state: .denied, application: refused, decision: denial, decidedOn: Day("2024-01-12")!,
                         grounds: ["EU Criterion 2(c)", "EU CP Criterion 7"]),
        ])
        let exports = register.exports()
        #expect(exports.map(\.year) == [2024, 2025])
        #expect(exports[0].entry == "ML4" && exports[0].valueMinor == 30_050 && exports[0].permitsUtilised == 1 && exports[0].origin == "register")
        #expect(exports[1].entry == "ML10" && exports[1].valueMinor == 5_000)
        let licences = register.licences()
        #expect(licences.count == 1 && licences[0].id == "P-2024-1" && licences[0].valueMinor == 150_000 && licences[0].entries == ["ML4", "ML10"])
        let denials = register.denials()
        #expect(denials.count == 1 && denials[0].criteria == ["EU Criterion 2(c)", "EU CP Criterion 7"] && denials[0].date == Day("2024-01-12")!)
        let coarm = COARMReport.build(licences: licences, exports: exports, denials: denials, filter: ReportFilter(year: 2024))
        #expect(coarm.criteria.last?.byCriterion == [0, 1, 0, 0, 0, 0, 1, 0])
        #expect(coarm.criteria.last?.refusals == 1, "the criteria table counts the refused application once")
        #expect(coarm.totals.refusals == 2, "the matrix counts a refusal of two entries under each entry, as for licences")

        // An imported export row of the same exporter and year is left out; one of another year is kept.
        let imported = [ExportRow(exporter: "DE", destination: "SA", year: 2024, entry: "ML4", valueMinor: 99, currency: "EUR"),
                        ExportRow(exporter: "DE", destination: "SA", year: 2023, entry: "ML4", valueMinor: 7, currency: "EUR")]
        let sameLicence = LicenceRow(id: "permit:P-2024-1", exporter: "DE", destination: "SA", issued: Day("2024-01-11")!, entries: ["ML4"])
        let rows = ReportRows.combine(register: register, importedExports: imported, importedLicences: [sameLicence])
        #expect(rows.exports.filter { $0.origin == "evidence" }.map(\.year) == [2023])
        #expect(rows.licences.count == 1)
        #expect(rows.leftOutNotes(year: 2024, filter: ReportFilter()).count == 2)
        let annual = AnnualExportsReport.build(rows: rows.exports, denials: rows.denials, leftOut: rows, filter: ReportFilter(year: 2024))
        #expect(annual.total == 30_050)
        #expect(annual.denialList.count == 1)
    }

    @Test func euCriterionNumbers() {
        #expect(RefusalCriterion.euNumber("EU Criterion 2(a)") == 2)
        #expect(RefusalCriterion.euNumber("EU CP Criterion 7") == 7)
        #expect(RefusalCriterion.euNumber("UK SELC Criterion 7") == 7)
        #expect(RefusalCriterion.euNumber("ATT 6.1") == 1)
        #expect(RefusalCriterion.euNumber("EIPA 7.3(1)(b)(ii)") == nil)
        #expect(RefusalCriterion.euNumber("ATT 7.1(b)(ii)") == nil)
        #expect(RefusalCriterion.euNumber("Criterion 9") == nil)
    }
}
