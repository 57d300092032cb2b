import Foundation
import Testing
@testable import OversightCore

/// The report values of Sources/OversightCore/Reports: every total is the sum of its rows, filters and years
/// select what they say, and the tables carry the same numbers as the values.
struct TransparencyReportTests {
    static func row(_ d: String, _ year: Int, _ item: String, _ value: Int64, permits: Int? = nil, exporter: String = "CA",
                    currency: String = "CAD", basis: String = "actual") -> ExportRow {
        ExportRow(exporter: exporter, destination: d, year: year, entry: ControlEntry.canonicalCode(item)!, valueMinor: value,
                  currency: currency, permitsUtilised: permits, basis: basis)
    }

    static let rows: [ExportRow] = [
        row("PE", 2022, "2-10", 56_000_000, permits: 2),
        row("PE", 2023, "2-14", 180_000_000, permits: 3),
        row("PE", 2023, "2-10", 12_345, permits: 1),
        row("US", 2023, "2-10", 900_000_000, permits: 40),
        row("US", 2023, "2-4", 250_000_050),
        row("US", 2022, "2-4", 100_000_000),
        row("SA", 2023, "2-6", 1_500_000_000, permits: 12),
        row("DE", 2023, "2-5", 7_000_000, permits: 1),
        row("BR", 2023, "2-10", 5_000, currency: "USD"),
        row("BR", 2023, "2-10", 9_000, basis: "authorised"),
        row("PE", 2023, "ML14", 1_000, exporter: "ES", currency: "EUR"),
    ]

    static let denials = [DenialRecord(id: "d1", exporter: "CA", destination: "PE", date: Day("2023-05-01")!, entries: ["ML14"], criteria: ["EIPA 7.4"]),
                          DenialRecord(id: "d2", exporter: "CA", destination: "KP", date: Day("2023-07-01")!, entries: ["ML1"], criteria: ["ATT 6.1"])]

    @Test func annualMatrixTotalsAreTheSumsOfItsRowsAndColumns() {
        let r = AnnualExportsReport.build(rows: Self.rows, denials: Self.denials, filter: ReportFilter(year: 2023, exporter: "CA"))
        #expect(r.currency == "CAD")
        #expect(r.itemLabels == ["2-4", "2-5", "2-6", "2-10", "2-14"])
        for row in r.rows { #expect(row.values.compactMap { $0 }.reduce(0, +) == row.total, "row \(row.code)") }
        for (i, total) in r.itemTotals.enumerated() { #expect(r.rows.compactMap { $0.values[i] }.reduce(0, +) == total) }
        #expect(r.rows.map(\.total).reduce(0, +) == r.total)
        #expect(r.itemTotals.reduce(0, +) == r.total)
        #expect(r.total == 180_000_000 + 12_345 + 900_000_000 + 250_000_050 + 1_500_000_000 + 7_000_000)
        #expect(r.regions.map(\.total).reduce(0, +) == r.total)
        #expect(r.regions.map(\.destinations).reduce(0, +) == r.rows.count)
        #expect(r.permitsUtilised == 3 + 1 + 40 + 12 + 1)
        #expect(r.rows.compactMap(\.permitsUtilised).reduce(0, +) == r.permitsUtilised)
        #expect(r.denials == 2, "the two 2023 denials, one of them to a destination with no exports")
        #expect(r.rows.first { $0.code == "KP" }?.total == 0)
        #expect(r.rows.first?.code == "SA", "largest first")
        #expect(r.topDestinations.map(\.code) == ["SA", "US", "PE", "DE"])
        #expect(r.notes.contains { $0.contains("another currency") })
        #expect(r.notes.contains { $0.contains("authorised") })
    }

    @Test func annualReportComparesWithThePreviousYear() {
        let r = AnnualExportsReport.build(rows: Self.rows, filter: ReportFilter(year: 2023, exporter: "CA"))
        let peru = r.rows.first { $0.code == "PE" }!
        #expect(peru.previousTotal == 56_000_000)
        #expect(YearChange(previous: 56_000_000, current: peru.total).percent == "+221.5")
        #expect(r.previousTotal == 156_000_000)
        #expect(r.rows.first { $0.code == "SA" }?.previousTotal == nil)
        #expect(r.notes.contains { $0.contains("No denial records") })
    }

    @Test func annualReportDefaultsToTheLatestYearAndFiltersByDestination() {
        let r = AnnualExportsReport.build(rows: Self.rows, filter: ReportFilter(exporter: "ca", destination: "pe"))
        #expect(r.year == 2023)
        #expect(r.rows.map(\.code) == ["PE"])
        #expect(r.total == 180_012_345)
    }

    @Test func annualTableCellsAreTheReportValues() throws {
        let r = AnnualExportsReport.build(rows: Self.rows, denials: Self.denials, filter: ReportFilter(year: 2023, exporter: "CA"))
        let doc = r.document()
        let matrix = try #require(doc.table("matrix"))
        #expect(matrix.rows.count == r.rows.count)
        let totalColumn = try #require(matrix.columns.firstIndex { $0.key == "total" })
        let sum = matrix.rows.map { Money.parseMinor($0[totalColumn])! }.reduce(0, +)
        #expect(sum == r.total)
        #expect(matrix.totals?[totalColumn] == Money.decimal(r.total))
        let peru = try #require(matrix.rows.first { $0[1] == "PE" })
        #expect(peru[matrix.columns.firstIndex { $0.key == "ML14" }!] == "1800000.00")
        #expect(peru[matrix.columns.firstIndex { $0.key == "ML5" }!] == "", "nothing exported: an empty cell")
        let regions = try #require(doc.table("regions"))
        #expect(regions.rows.map { Money.parseMinor($0[2])! }.reduce(0, +) == r.total)
    }

    @Test func csvQuotesAndEndsEveryLine() {
        let t = ReportTable(id: "t", title: "T", columns: [.init("a", "A"), .init("b", "B", numeric: true)],
                            rows: [["x, y", "1.00"], ["say \"hi\"", "2.00"]], totals: ["Total", "3.00"])
        #expect(t.csv() == "a,b\r\n\"x, y\",1.00\r\n\"say \"\"hi\"\"\",2.00\r\nTotal,3.00\r\n")
        #expect(t.markdown().contains("| **Total** | **3.00** |"))
    }

    @Test(arguments: [("1800000.00", Int64(180_000_000)), ("$1,234.5", 123_450), ("560000", 56_000_000), ("0.07", 7), ("-2.50", -250)])
    func moneyParsesDollarAmounts(_ text: String, _ minor: Int64) {
        #expect(Money.parseMinor(text) == minor)
        #expect(Money.parseMinor(Money.decimal(minor)) == minor)
    }

    @Test func moneyRejectsWhatIsNotAnAmount() {
        for bad in ["", "abc", "1.234", "1..2", "12a"] { #expect(Money.parseMinor(bad) == nil, "\(bad)") }
        #expect(Money.decimal(7) == "0.07")
        #expect(Money.decimal(-123_456) == "-1234.56")
    }

    @Test func attReportGroupsByCategoryAndItsTotalIsTheSumOfItsRows() throws {
        let r = ATTAnnualReport.build(rows: Self.rows, filter: ReportFilter(year: 2023, exporter: "CA"))
        #expect(r.rows.map(\.category) == ["I/II", "IV/V", "IV/V", "IV/V", "IV/V", "VII"])
        #expect(r.rows.filter { $0.importingState == "BR" }.map(\.basis) == ["actual", "authorised"])
        let cad = r.rows.filter { $0.currency == "CAD" }
        #expect(r.totals["CAD"] == cad.map(\.valueMinor).reduce(0, +))
        #expect(r.outsideTotals["CAD"] == r.outside.filter { $0.currency == "CAD" }.map(\.valueMinor).reduce(0, +))
        let peruAircraft = try #require(r.rows.first { $0.importingState == "PE" })
        #expect(peruAircraft.category == "IV/V")
        #expect(peruAircraft.comments.contains("IV or V"))
        #expect(peruAircraft.entries == ["2-10"])
        // 2-14 and 2-5 have no ATT category: listed for information only.
        #expect(Set(r.outside.flatMap(\.entries)) == ["2-14", "2-5"])
        // All 2023 CA value appears exactly once across the two tables.
        let all = Self.rows.filter { $0.year == 2023 && $0.exporter == "CA" }.map { $0.valueMinor ?? 0 }.reduce(0, +)
        #expect((r.rows + r.outside).map(\.valueMinor).reduce(0, +) == all)
        let doc = r.document()
        #expect(doc.table("exports")?.columns.map(\.key).contains("final_importing_state") == true)
        #expect(doc.table("exports")?.totals == nil, "two currencies (CAD, USD): no single total")
    }

    @Test func coarmSubtotalsAndTotalsAreSumsOfTheirRows() {
        let licences = [
            LicenceRow(id: "p1", exporter: "CA", destination: "PE", issued: Day("2023-02-06")!, entries: ["ML14"], valueMinor: 96_000_000, currency: "CAD"),
            LicenceRow(id: "p2", exporter: "CA", destination: "PE", issued: Day("2023-03-01")!, entries: ["ML10", "ML5"], valueMinor: 1_000, currency: "CAD"),
            LicenceRow(id: "p3", exporter: "CA", destination: "US", issued: Day("2022-03-01")!, entries: ["ML10"], valueMinor: 5, currency: "CAD"),
        ]
        let r = COARMReport.build(licences: licences, exports: Self.rows, denials: Self.denials, filter: ReportFilter(year: 2023, exporter: "CA"))
        for destination in Set(r.rows.map(\.destination)) {
            let entries = r.rows.filter { $0.destination == destination && $0.entry != "all" }
            let subtotal = r.rows.first { $0.destination == destination && $0.entry == "all" }!
            #expect(entries.map(\.licences).reduce(0, +) == subtotal.licences)
            #expect(entries.map(\.licensedValue).reduce(0, +) == subtotal.licensedValue)
            #expect(entries.map(\.actualExports).reduce(0, +) == subtotal.actualExports)
            #expect(entries.map(\.refusals).reduce(0, +) == subtotal.refusals)
        }
        let subtotals = r.rows.filter { $0.entry == "all" }
        #expect(subtotals.map(\.licensedValue).reduce(0, +) == r.totals.licensedValue)
        #expect(subtotals.map(\.actualExports).reduce(0, +) == r.totals.actualExports)
        #expect(r.totals.licences == 3, "p1 once, p2 under both its items; p3 is of 2022")
        #expect(r.totals.licensedValue == 96_001_000)
        let peru = r.rows.first { $0.destination == "PE" && $0.entry == "all" }!
        #expect(peru.refusals == 1)
        #expect(peru.criteria == ["EIPA 7.4"])
        #expect(r.rows.first { $0.destination == "PE" && $0.entry == "ML14" }?.label == "2-14")
    }

    @Test func transfersTotalsAreTheSumOfTheirRows() {
        func t(_ s: String, _ r: String, _ year: Int, _ cat: String, _ tiv: Int64, _ n: Int) -> ArmsTransfer {
            ArmsTransfer(dealID: "\(s)\(r)\(year)", supplier: s, supplierCode: nil, recipient: r, recipientCode: nil, designation: "x",
                         description: "x", category: cat, orderYear: 2010, deliveryYear: year, numberDelivered: n, tivMilli: tiv)
        }
        let all = [t("Canada", "Peru", 2015, "Armoured vehicles", 4320, 16), t("Canada", "Peru", 2015, "Armoured vehicles", 4320, 16),
                   t("Canada", "Peru", 2016, "Aircraft", 7500, 3), t("Brazil", "Peru", 2016, "Aircraft", 1, 1)]
        let r = TransfersReport.build(transfers: all, filter: .init(supplier: "Canada"))
        #expect(r.rows.count == 2)
        #expect(r.rows.first?.tivMilli == 8640)
        #expect(r.rows.first?.deals == 2)
        #expect(r.totalTIVMilli == r.rows.map(\.tivMilli).reduce(0, +))
        #expect(r.totalTIVMilli == 16140)
        #expect(r.byYear.map(\.tivMilli).reduce(0, +) == r.totalTIVMilli)
        #expect(ArmsTransfer.tivText(8640) == "8.640")
        #expect(r.document().table("deliveries")?.totals?[7] == "16.140")
        #expect(TransfersReport.build(transfers: all, filter: .init(from: 2016, to: 2016)).totalTIVMilli == 7501)
    }
}

/// The watchdog: each case re-assessed with only the claims public on its decision date.
struct WatchdogTests {
    static func incident(_ n: Int, source: Source, killed: Int = 12) -> [Record] {
        World.records(.init(killed: killed, injured: 30, violation: "unlawful-killing", unit: "unit:station", daysBefore: 20 + n,
                            confidence: .high), n, source: source)
    }

    static func permitCase(_ decision: Day) -> WatchdogCase {
        WatchdogCase(id: "permit:1", kind: .permit, exporter: "CA", destination: "PE", decisionDate: decision, items: ["2-1"],
                     valueMinor: 100, currency: "CAD", endUser: EndUser(name: "Police", unit: "unit:police"))
    }

    @Test func aClaimPublishedAfterTheDecisionDateDoesNotCount() {
        let known = World.base + (0..<4).flatMap { Self.incident($0, source: World.early) }
        let later = known + (4..<8).flatMap { Self.incident($0, source: World.late) }
        let watchdog = Watchdog()
        let a = watchdog.check(Self.permitCase(World.decision), index: EvidenceIndex(snapshot: EvidenceSnapshot(records: known)))
        let b = watchdog.check(Self.permitCase(World.decision), index: EvidenceIndex(snapshot: EvidenceSnapshot(records: later)))
        #expect(a.knowledgeDate == World.decision.description)
        #expect(a.evidence.count == 4)
        #expect(b.evidence.map(\.incidentID) == a.evidence.map(\.incidentID), "the later report was not there to read")
        #expect(b.verdicts == a.verdicts)
        #expect(b.evidence.flatMap(\.sources).allSatisfy { $0.id == World.early.id })
        // Decided after the later report, the same permit sees all eight incidents.
        let c = watchdog.check(Self.permitCase(Day("2024-02-01")!), index: EvidenceIndex(snapshot: EvidenceSnapshot(records: later)))
        #expect(c.evidence.count == 8)
        #expect(c.evidence.flatMap(\.sources).contains { $0.id == World.late.id })
    }

    @Test func aPermitAtOrAboveTheThresholdIsFlaggedWithItsEvidence() {
        let records = World.base + (0..<6).flatMap { Self.incident($0, source: World.early, killed: 20) }
        let f = Watchdog().check(Self.permitCase(World.decision), index: EvidenceIndex(snapshot: EvidenceSnapshot(records: records)))
        #expect(f.verdicts["EIPA"] == .deny)
        #expect(f.flagged)
        #expect(f.flaggedRegimes.contains("EIPA"))
        #expect(f.decisive.contains { $0.hasPrefix("EIPA: EIPA 7.3(1)(b)") })
        #expect(f.evidence.count == 6)
        #expect(f.evidence.allSatisfy { $0.sources.first?.published == "2022-06-01" })
        // Nothing known yet: not flagged.
        let quiet = Watchdog().check(Self.permitCase(World.decision), index: EvidenceIndex(snapshot: EvidenceSnapshot(records: World.base)))
        #expect(!quiet.flagged)
        #expect(quiet.evidence.isEmpty)
        let doc = Watchdog.document([f, quiet], filter: ReportFilter())
        #expect(doc.table("cases")?.rows.count == 2)
        #expect(doc.table("evidence")?.rows.count == 6, "only the flagged case's incidents")
    }

    @Test func casesFromRecordsUseTheirDecisionDatesAndRegimes() {
        let permit = PermitRecord(id: "permit:x", exporter: "CA", destination: "PE", controlEntries: ["2-14"], issued: PartialDate("2023-02")!)
        let c = WatchdogCase(permit: permit)
        #expect(c.decisionDate == Day("2023-02-01")!)
        #expect(c.decisionDateNote != nil)
        #expect(c.regimes == [.eipa, .att])
        let e = WatchdogCase(export: ExportRecord(id: "export:x", exporter: "DE", destination: "PE", year: 2022, controlEntry: "ML10"))
        #expect(e.decisionDate == Day("2022-01-01")!)
        #expect(e.regimes == [.att, .eu])
        #expect(e.application.regimes == [.att, .eu])
    }
}
