import Foundation
import OversightCore

/// The UK's export licence decisions with their refusal criteria, in the layout of Campaign Against Arms Trade's
/// `caatdata/uk-arms-export-data` (docs/REPORTS.md). Two comma-separated tables with headers, joined on the licence
/// (cohort) id:
///
/// - the **licence table** (`values.csv`): `licence_group,date,rating,count,value,country,refused` — one row per
///   licence and rating: its date (`YYYY-MM-DD`), the rating (`ML10`, `5A002`, `End Use`), the number of
///   licences of the cohort, the value in pounds (empty for refusals), the destination's name and `refused`
///   (`1` refused, `0` issued). Later releases name the id `licence_cohort_id`; an `iso2` column, when present,
///   gives the destination's code.
/// - the **refusal criteria** (`refusal-criteria.csv`, optional): `licence_cohort_id,criterion,description`
///   (older releases: `licence_group,criteria,description`) — one row per criterion (1…8 of the Consolidated
///   Criteria) cited for a refused licence.
///
/// Headers are matched ignoring case and punctuation. Destination names are mapped to ISO codes through the
/// reference data; names that map to none are kept, counted in `unmapped`, and have no code. Pure: bytes in,
/// licences and per-row problems out. Limits: `LicensingLimits`.
public enum UKLicenceData {
    public static let format = "uk-licences"
    public static let exporter = "GB"
    public static let exporterName = "United Kingdom"
    public static let currency = "GBP"
    public static let licenceHeader = ["licence_cohort_id", "date", "rating", "count", "value", "country", "refused"]
    public static let criteriaHeader = ["licence_cohort_id", "criterion", "description"]

    /// One licence (cohort): every rating row of it together, with the criteria cited when it was refused.
    public struct Licence: Sendable, Hashable, Codable {
        public struct Item: Sendable, Hashable, Codable {
            public var rating: String
            /// Pence; nil when the row gives no value.
            public var valueMinor: Int64?
        }

        public var id: String
        /// The line of its first row.
        public var line: Int
        public var date: String
        public var year: Int
        public var destinationName: String
        public var destination: String?
        public var refused: Bool
        /// The number of licences of the cohort (the largest `count` of its rows; 1 when not given).
        public var licences: Int64
        public var items: [Item]
        /// Criteria 1…8 cited, ascending, once per row of the criteria file: CAAT's file repeats a criterion
        /// for each licence of a cohort that cites it.
        public var citations: [Int]

        /// The distinct criteria cited, ascending.
        public var criteria: [Int] { Array(Set(citations)).sorted() }

        /// The licences of the cohort refused citing criterion `n`: its rows in the criteria file, at most the
        /// cohort's licences (CAAT warns the criteria may hold false matches).
        public func refusals(citing n: Int) -> Int64 { min(Int64(citations.filter { $0 == n }.count), licences) }

        /// (a) or (d) once per licence counting the cohort's licences, (b) per rated item with a value (issued
        /// only), (e1…e8) per criterion cited (refused only), counting `refusals(citing:)`.
        public var figures: [LicensingFigure] {
            func figure(_ measure: LicensingMeasure, _ amount: Int64, rating: String = "", currency: String? = nil) -> LicensingFigure {
                LicensingFigure(line: line, year: year, exporter: UKLicenceData.exporter, exporterName: UKLicenceData.exporterName,
                                destination: destination, destinationName: destinationName, rating: rating, measure: measure,
                                amount: amount, currency: currency, licence: id)
            }
            var result = [figure(refused ? .refusals : .licencesIssued, licences, rating: items.first?.rating ?? "")]
            if refused {
                result += criteria.compactMap { n in LicensingMeasure.criterion(n).map { figure($0, refusals(citing: n)) } }
            } else {
                result += items.compactMap { item in item.valueMinor.map { figure(.licensedValue, $0, rating: item.rating, currency: UKLicenceData.currency) } }
            }
            return result
        }
    }

    public struct File: Sendable {
        /// In the order of their first row.
        public var licences: [Licence]
        /// The criterion texts the criteria file gives, by number.
        public var criterionTexts: [Int: String]
        public var problems: [LicensingRowProblem]
        public var omittedProblems: Int
        /// Destination names that map to no country, with their licence counts.
        public var unmapped: [String: Int]
        /// Criteria rows whose licence is not in the licence table, or was issued (CAAT warns of false matches):
        /// not counted.
        public var criteriaIgnored: Int
        public var figures: [LicensingFigure] { licences.flatMap(\.figures) }
    }

    enum Field: CaseIterable { case id, date, rating, count, value, country, iso2, refused, criterion, description }

    static let names: [Field: Set<String>] = [
        .id: ["licencecohortid", "licencegroup", "licenceid", "licensecohortid", "licensegroup", "licenseid", "cohortid"],
        .date: ["date", "decisiondate", "issuedate"],
        .rating: ["rating", "ratingcode", "controlcode"],
        .count: ["count", "licences", "licencecount", "numberoflicences"],
        .value: ["value", "valuegbp", "gbp"],
        .country: ["country", "destination", "destinationcountry"],
        .iso2: ["iso2", "destinationiso2", "countrycode"],
        .refused: ["refused", "outcome", "status"],
        .criterion: ["criterion", "criteria", "criterionnumber"],
        .description: ["description", "text", "reason"],
    ]

    static func columns(_ header: [String]) -> [Field: Int] {
        var found: [Field: Int] = [:]
        for (i, name) in header.enumerated() {
            let k = String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII })
            if let f = Field.allCases.first(where: { names[$0]!.contains(k) }), found[f] == nil { found[f] = i }
        }
        return found
    }

    public static func read(licences data: Data, criteria criteriaData: Data? = nil, reference: ReferenceData = .shared) -> File {
        var problems: [LicensingRowProblem] = []
        var omitted = 0
        var unmapped: [String: Int] = [:]
        var order: [String] = []
        var byID: [String: Licence] = [:]
        func add(_ p: LicensingRowProblem) { LicensingLimits.add(p, to: &problems, omitted: &omitted) }

        var columns: [Field: Int]?
        var header: [String] = []
        DelimitedTextReader(delimiter: ",")!.read(TextDecoding.text(data)) { record in
            let fields = record.fields.map(\.trimmed)
            guard !fields.allSatisfy(\.isEmpty) else { return }
            let line = record.line
            if let tooLong = LicensingLimits.check(fields, line: line, columns: header) { add(tooLong); return }
            guard let map = columns else {
                header = fields
                let found = Self.columns(fields)
                let missing = [(Field.id, "licence_cohort_id"), (.date, "date"), (.country, "country"), (.refused, "refused")].filter { found[$0.0] == nil }
                if missing.isEmpty {
                    columns = found
                } else {
                    add(LicensingRowProblem(line: line, column: nil, message: "the header lacks \(missing.map(\.1).joined(separator: ", "))",
                                            hint: "the first line must name the columns: \(licenceHeader.joined(separator: ",")) (licence_group for older releases)"))
                    columns = [:]
                }
                return
            }
            guard !map.isEmpty else { return }
            func field(_ f: Field) -> String {
                guard let i = map[f], i < fields.count else { return "" }
                return fields[i]
            }
            func problem(_ column: Field, _ message: String, _ hint: String) {
                let name = map[column].flatMap { $0 < header.count ? header[$0] : nil } ?? "\(column)"
                add(LicensingRowProblem(line: line, column: name, message: message, hint: hint))
            }
            let id = field(.id)
            guard !id.isEmpty else { problem(.id, "the licence id is empty", "give every row the id of its licence (cohort)"); return }
            let dateText = field(.date)
            guard let year = Self.year(dateText) else { problem(.date, "'\(dateText)' is not a date", "write it as YYYY-MM-DD, e.g. 2023-04-17"); return }
            guard let refused = Self.refused(field(.refused)) else {
                problem(.refused, "'\(field(.refused))' is not an outcome", "write 1 (refused) or 0 (issued); yes/no, true/false, refused/issued also work")
                return
            }
            var count: Int64 = 1
            if !field(.count).isEmpty {
                guard let n = Int64(field(.count)), n > 0 else { problem(.count, "'\(field(.count))' is not a number of licences", "write a whole number of at least 1, or leave it empty for 1"); return }
                count = n
            }
            var value: Int64?
            if !field(.value).isEmpty {
                guard let v = Money.parseMinor(field(.value)), v >= 0 else { problem(.value, "'\(field(.value))' is not an amount", "write the value in pounds, e.g. 94050 or 94050.50, or leave it empty"); return }
                value = v
            }
            let name = field(.country)
            guard !name.isEmpty else { problem(.country, "the destination is empty", "give the destination country's name"); return }
            var code: String?
            let iso = field(.iso2).uppercased()
            if !iso.isEmpty {
                guard iso.count == 2, reference.country(iso) != nil else { problem(.iso2, "'\(iso)' is not an ISO 3166 alpha-2 code", "write the destination's two-letter code, or leave it empty"); return }
                code = iso
            } else {
                code = reference.country(named: name)?.alpha2
            }
            let item = Licence.Item(rating: field(.rating), valueMinor: value)
            if var licence = byID[id] {
                guard licence.date == dateText, licence.destinationName == name, licence.refused == refused else {
                    problem(.id, "licence \(id) already appears on line \(licence.line) with another date, destination or outcome",
                            "give every row of one licence the same date, country and refused; or give this row its own id")
                    return
                }
                licence.items.append(item)
                licence.licences = max(licence.licences, count)
                byID[id] = licence
            } else {
                if code == nil { unmapped[name, default: 0] += 1 }
                order.append(id)
                byID[id] = Licence(id: id, line: line, date: dateText, year: year, destinationName: name, destination: code,
                                   refused: refused, licences: count, items: [item], citations: [])
            }
        }
        if columns == nil {
            add(LicensingRowProblem(line: 0, column: nil, message: "the licence table is empty", hint: "the first line must be \(licenceHeader.joined(separator: ","))"))
        }

        var texts: [Int: String] = [:]
        var ignored = 0
        if let criteriaData {
            var map: [Field: Int]?
            var header: [String] = []
            DelimitedTextReader(delimiter: ",")!.read(TextDecoding.text(criteriaData)) { record in
                let fields = record.fields.map(\.trimmed)
                guard !fields.allSatisfy(\.isEmpty) else { return }
                let line = record.line
                if var tooLong = LicensingLimits.check(fields, line: line, columns: header) { tooLong.file = "criteria"; add(tooLong); return }
                guard let columns = map else {
                    header = fields
                    let found = Self.columns(fields)
                    if found[.id] != nil, found[.criterion] != nil {
                        map = found
                    } else {
                        add(LicensingRowProblem(file: "criteria", line: line, column: nil, message: "the header lacks licence_cohort_id or criterion",
                                                hint: "the first line must be \(criteriaHeader.joined(separator: ",")) (licence_group,criteria,description for older releases)"))
                        map = [:]
                    }
                    return
                }
                guard !columns.isEmpty else { return }
                func field(_ f: Field) -> String {
                    guard let i = columns[f], i < fields.count else { return "" }
                    return fields[i]
                }
                let text = field(.criterion)
                guard let n = Int(text), (1...8).contains(n) else {
                    add(LicensingRowProblem(file: "criteria", line: line, column: header[columns[.criterion]!], message: "'\(text)' is not a criterion number",
                                            hint: "write the number of the criterion cited, 1 to 8"))
                    return
                }
                let description = field(.description)
                if !description.isEmpty, texts[n] == nil { texts[n] = description }
                let id = field(.id)
                guard var licence = byID[id], licence.refused else { ignored += 1; return }
                licence.citations.append(n)
                licence.citations.sort()
                byID[id] = licence
            }
            if map == nil {
                add(LicensingRowProblem(file: "criteria", line: 0, column: nil, message: "the criteria file is empty",
                                        hint: "the first line must be \(criteriaHeader.joined(separator: ","))"))
            }
        }
        let licences = order.compactMap { byID[$0] }
        if licences.isEmpty && problems.isEmpty {
            problems.append(LicensingRowProblem(line: 0, column: nil, message: "the licence table has a header but no rows", hint: "export the licence rows under the header"))
        }
        return File(licences: licences, criterionTexts: texts, problems: problems, omittedProblems: omitted, unmapped: unmapped, criteriaIgnored: ignored)
    }

    /// The year of `2023-04-17`, `2023-04` or `2023`.
    static func year(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), (1990...2100).contains(year) else { return nil }
        if parts.count > 1 { guard let m = Int(parts[1]), (1...12).contains(m), parts[1].count == 2 else { return nil } }
        if parts.count > 2 { guard let d = Int(parts[2]), (1...31).contains(d), parts[2].count == 2 else { return nil } }
        return year
    }

    static func refused(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "yes", "true", "refused", "denied", "refusal": true
        case "0", "no", "false", "issued", "approved", "granted": false
        default: nil
        }
    }
}
