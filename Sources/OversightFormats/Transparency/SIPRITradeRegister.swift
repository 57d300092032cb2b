import Foundation
import OversightCore

/// Reads a SIPRI Arms Transfers Database trade register in either of its CSV layouts, detected from the
/// header line that follows the notes:
///
/// - **older layout** (to 2025): `Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,
///   Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,
///   SIPRI TIV for total order,SIPRI TIV of delivered weapons`; one row per deal, a `?` in the unnamed column
///   after a value marks it uncertain, delivery years are `;`-separated, and the delivered TIV is the deal's
///   total (shared evenly over its delivery years here, rows marked `apportioned`). Comments may hold an
///   unquoted line break, which the reader mends.
/// - **2026 layout**: notes lines ending in `;`, then `SIPRI AT Database ID,Supplier,Recipient,Designation,
///   Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is
///   estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,
///   Local production;`, one row per delivery year.
///
/// Country names are mapped to ISO codes through the reference data (with SIPRI's spellings as aliases);
/// former states get their ISO 3166-3 code, non-state recipients no code, and any other name is reported.
public enum SIPRITradeRegister {
    public static let format = "sipri"

    public enum Layout: String, Sendable, Codable { case older = "older (2025)", current = "2026" }

    /// What a file held.
    public struct File: Sendable {
        public var layout: Layout
        public var transfers: [ArmsTransfer]
        /// Deals read (older layout) or rows read (2026 layout).
        public var records: Int
        /// Names that are neither a country, a former state nor a known non-state party, with their row counts.
        public var unmapped: [String: Int]
        /// Known non-state parties (armed groups, organisations), with their row counts; they have no code.
        public var nonState: [String: Int]
        /// The notes lines before the table.
        public var notes: [String]
        /// "Data generated: …" when the notes say.
        public var generated: String?
    }

    static let olderHeader = "Recipient,Supplier,Year of order"
    static let currentHeader = "SIPRI AT Database ID,Supplier,Recipient"

    public static func read(_ data: Data, reference: ReferenceData = .shared) throws -> File {
        // Work on bytes: the notes are a few lines, the table is handed to the CSV reader as it is.
        let bytes = Array(TextDecoding.text(data).utf8)
        var notes: [String] = []
        var layout: Layout?
        var headerIndex = 0
        var headerStart = 0
        var start = 0
        var lineIndex = 0
        while start < bytes.count, lineIndex <= 200 {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            let trimmed = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix(olderHeader) { layout = .older; headerIndex = lineIndex; headerStart = start; break }
            if trimmed.hasPrefix(currentHeader) { layout = .current; headerIndex = lineIndex; headerStart = start; break }
            if !trimmed.isEmpty { notes.append(String(trimmed.hasSuffix(";") ? trimmed.dropLast() : Substring(trimmed))) }
            start = end + 1
            lineIndex += 1
        }
        guard let layout else {
            throw TransparencyFormatError(format: format, "no SIPRI table header found in the first lines: expected a line starting \"\(olderHeader)\" (older layout) or \"\(currentHeader)\" (2026 layout); export the trade register from SIPRI as CSV")
        }
        var rows: [DelimitedTextReader.Row] = []
        DelimitedTextReader(delimiter: ",")!.read(Data(bytes[headerStart...])) { row in
            var row = row
            row.fields = row.fields.map(Self.trim)
            rows.append(row)
        }
        guard let header = rows.first else { throw TransparencyFormatError(format: format, "the table is empty") }
        let expected = header.fields.count
        // The header is row 1 of `body`; file lines are offset by the notes.
        let offset = headerIndex
        var mapper = NameMapper(reference: reference)
        var problems: [String] = []
        var transfers: [ArmsTransfer] = []
        var records = 0
        var pending: DelimitedTextReader.Row?
        var pendingLines = 0
        let olderColumns = OlderColumns(header: header.fields)
        for var row in rows.dropFirst() {
            if row.tooLong {
                problems.append("line \(row.line + offset): the row is longer than \(ReaderLimits.maxLineText), the most a row may hold, so the rest of the file was not read; check for a quote that is never closed")
                break
            }
            if layout == .current, var last = row.fields.last, last.hasSuffix(";") {
                last.removeLast()
                row.fields[row.fields.count - 1] = Self.trim(last)
            }
            if let held = pending {
                // A comment with a bare line break split the deal in two: join the halves.
                var joined = held
                joined.fields[joined.fields.count - 1] = Self.trim(joined.fields[joined.fields.count - 1] + " " + (row.fields.first ?? ""))
                joined.fields += row.fields.dropFirst()
                row = joined
                pending = nil
                pendingLines += 1
            } else {
                pendingLines = 1
            }
            if row.isBlank || row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if row.fields.count < expected {
                // Mending is for a comment's stray line break or two: a row that still lacks fields after
                // `maxMendedLines` lines is reported, not joined with the rest of the file (which costs time
                // quadratic in the number of lines).
                if pendingLines >= maxMendedLines {
                    problems.append("line \(row.line + offset): the row has \(row.fields.count) fields, the header \(expected), and joining the next \(maxMendedLines - 1) lines to it (for line breaks in a comment) did not complete it; check the quotes and the delimiter")
                    pendingLines = 0
                    continue
                }
                pending = row
                continue
            }
            records += 1
            let line = row.line + offset
            do {
                switch layout {
                case .older: transfers += try older(row.fields, columns: olderColumns, deal: records, mapper: &mapper)
                case .current: transfers.append(try current(row.fields, mapper: &mapper))
                }
            } catch let message as RowProblem {
                problems.append("line \(line): \(message.text)")
            }
        }
        if let pending { problems.append("line \(pending.line + offset): the last row has \(pending.fields.count) fields, the header \(expected); the file is cut short") }
        guard problems.isEmpty else { throw TransparencyFormatError(format: format, problems) }
        let generated = notes.first { $0.hasPrefix("Data generated:") }.map { String($0.dropFirst("Data generated:".count)).trimmingCharacters(in: .whitespaces) }
        return File(layout: layout, transfers: transfers, records: records, unmapped: mapper.unmapped, nonState: mapper.nonState,
                    notes: notes, generated: generated)
    }

    struct RowProblem: Error { var text: String }

    /// The years an order or a delivery may have (the older layout always checked its delivery years so).
    static let yearRange = 1900...2100

    /// The most lines one row is joined from when a comment holds unquoted line breaks.
    static let maxMendedLines = 16

    // MARK: - Older layout

    /// Where the older layout's named columns are, found once per file.
    struct OlderColumns {
        var index: [String: Int] = [:]
        /// Named columns followed by an unnamed `?` column.
        var markers: [String: Int] = [:]

        init(header: [String]) {
            for (i, raw) in header.enumerated() {
                let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
                guard !name.isEmpty else { continue }
                if index[name] == nil { index[name] = i }
                if i + 1 < header.count, header[i + 1].trimmingCharacters(in: .whitespaces).isEmpty { markers[name] = i + 1 }
            }
        }
    }

    static func older(_ f: [String], columns: OlderColumns, deal: Int, mapper: inout NameMapper) throws -> [ArmsTransfer] {
        func value(_ name: String) -> String {
            guard let i = columns.index[name.lowercased()], i < f.count else { return "" }
            return f[i]
        }
        /// The `?` column right after a named one.
        func uncertain(_ name: String) -> Bool {
            guard let i = columns.markers[name.lowercased()], i < f.count else { return false }
            return f[i].contains("?")
        }
        let recipient = value("Recipient"), supplier = value("Supplier")
        guard !recipient.isEmpty, !supplier.isEmpty else { throw RowProblem(text: "recipient or supplier is empty") }
        let orderText = value("Year of order")
        let orderYear = Int(orderText.filter(\.isNumber))
        if !orderText.isEmpty && !(orderYear.map(yearRange.contains) ?? false) { throw RowProblem(text: "year of order '\(orderText)' is not a year") }
        let years = try value("Year(s) of delivery").split(separator: ";").map { part -> Int in
            let t = part.trimmingCharacters(in: .whitespaces)
            guard let y = Int(t.filter(\.isNumber)), yearRange.contains(y) else { throw RowProblem(text: "delivery year '\(t)' is not a year") }
            return y
        }
        let numberText = value("Number delivered")
        let number = numberText.isEmpty ? nil : Int(numberText.filter(\.isNumber))
        let tivText = value("SIPRI TIV of delivered weapons")
        var tiv: Int64?
        if !tivText.isEmpty {
            guard let t = milli(tivText) else { throw RowProblem(text: "SIPRI TIV of delivered weapons '\(tivText)' is not a number") }
            guard t >= 0 else { throw RowProblem(text: "SIPRI TIV of delivered weapons '\(tivText)' is negative; a TIV is never below zero") }
            tiv = t
        }
        let description = value("Weapon description")
        let (category, inferred) = (mapper.category(description), true)
        let s = mapper.map(supplier), r = mapper.map(recipient)
        let common = ArmsTransfer(
            dealID: "row-\(deal)", supplier: supplier, supplierCode: s, recipient: recipient, recipientCode: r,
            designation: value("Weapon designation"), description: description, category: category, categoryInferred: inferred,
            orderYear: orderYear, orderYearEstimated: uncertain("Year of order"), deliveryYear: nil,
            deliveryYearEstimated: uncertain("Year(s) of delivery"), numberDelivered: nil, numberEstimated: uncertain("Number delivered"),
            tivMilli: nil, apportioned: false, status: value("status").isEmpty ? nil : value("status"),
            comments: value("Comments").isEmpty ? nil : value("Comments"))
        guard !years.isEmpty else {
            var t = common
            t.numberDelivered = number
            t.tivMilli = tiv
            return [t]
        }
        let n = years.count
        return years.enumerated().map { i, year in
            var t = common
            t.deliveryYear = year
            t.apportioned = n > 1
            if let number { t.numberDelivered = number / n + (i < number % n ? 1 : 0) }
            if let tiv { t.tivMilli = tiv / Int64(n) + (Int64(i) < tiv % Int64(n) ? 1 : 0) }
            return t
        }
    }

    // MARK: - 2026 layout

    static let currentColumns = ["SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description", "Armament category",
                                 "Order date", "Order date is estimate", "Numbers delivered", "Numbers delivered is estimate",
                                 "Delivery year", "Delivery year is estimate", "Status", "SIPRI estimate", "TIV deal unit",
                                 "TIV delivery values", "Local production"]

    static func current(_ f: [String], mapper: inout NameMapper) throws -> ArmsTransfer {
        func v(_ i: Int) -> String { i < f.count ? f[i] : "" }
        func flag(_ i: Int) -> Bool { ["yes", "y", "true", "1", "?"].contains(v(i).lowercased()) }
        let supplier = v(1), recipient = v(2)
        guard !supplier.isEmpty, !recipient.isEmpty else { throw RowProblem(text: "supplier or recipient is empty") }
        let order = v(6)
        let orderYear = order.isEmpty ? nil : Int(order.prefix(4))
        if !order.isEmpty && !(orderYear.map(yearRange.contains) ?? false) { throw RowProblem(text: "order date '\(order)' does not start with a year") }
        let yearText = v(10)
        let year = yearText.isEmpty ? nil : Int(yearText.prefix(4))
        if !yearText.isEmpty && !(year.map(yearRange.contains) ?? false) { throw RowProblem(text: "delivery year '\(yearText)' is not a year") }
        let numberText = v(8)
        let number = numberText.isEmpty ? nil : Int(numberText.filter(\.isNumber))
        let tivText = v(15)
        var tiv: Int64?
        if !tivText.isEmpty {
            guard let t = milli(tivText) else { throw RowProblem(text: "TIV delivery values '\(tivText)' is not a number") }
            guard t >= 0 else { throw RowProblem(text: "TIV delivery values '\(tivText)' is negative; a TIV is never below zero") }
            tiv = t
        }
        let category = v(5)
        return ArmsTransfer(
            dealID: v(0).isEmpty ? "deal" : v(0), supplier: supplier, supplierCode: mapper.map(supplier), recipient: recipient,
            recipientCode: mapper.map(recipient), designation: v(3), description: v(4),
            category: category.isEmpty ? mapper.category(v(4)) : category, categoryInferred: category.isEmpty,
            orderYear: orderYear, orderYearEstimated: flag(7), deliveryYear: year, deliveryYearEstimated: flag(11),
            numberDelivered: number, numberEstimated: flag(9), tivMilli: tiv, apportioned: false,
            status: v(12).isEmpty ? nil : v(12), comments: nil)
    }

    /// `8.64` → 8640 (rounded half up past three decimals); `?`, spaces and thousands separators dropped.
    static func milli(_ text: String) -> Int64? {
        var negative = false
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0, roundUp = false
        var seenDigit = false, seenPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: " "), UInt8(ascii: ","): continue
            case UInt8(ascii: "-") where !seenDigit && !negative && !seenPoint: negative = true
            case UInt8(ascii: ".") where !seenPoint: seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                let d = Int64(byte - UInt8(ascii: "0"))
                if !seenPoint {
                    guard whole < Int64.max / 10 - 10 else { return nil }
                    whole = whole * 10 + d
                } else if fractionDigits < 3 {
                    fraction = fraction * 10 + d
                    fractionDigits += 1
                } else if fractionDigits == 3 {
                    roundUp = d >= 5
                    fractionDigits += 1
                }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        for _ in min(fractionDigits, 3)..<3 { fraction *= 10 }
        // A value past Int64 in thousandths is no TIV (the largest deals are in the thousands of millions).
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1000)
        let (value, carried) = scaled.addingReportingOverflow(fraction + (roundUp ? 1 : 0))
        guard !overflow, !carried else { return nil }
        return negative ? -value : value
    }

    /// Spaces trimmed from both ends, without Foundation when there are none (the usual case).
    static func trim(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func space(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
        guard space(first) || space(last) else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Names to codes, counting the names without one.
    struct NameMapper {
        let reference: ReferenceData
        var cache: [String: String?] = [:]
        var unmapped: [String: Int] = [:]
        var nonState: [String: Int] = [:]

        var categories: [String: String] = [:]

        init(reference: ReferenceData) { self.reference = reference }

        /// The inferred category of a description, worked out once per distinct description.
        mutating func category(_ description: String) -> String {
            if let known = categories[description] { return known }
            let category = ArmamentCategory.infer(description)
            categories[description] = category
            return category
        }

        mutating func map(_ name: String) -> String? {
            if let known = cache[name] {
                if known == nil { count(name) }
                return known
            }
            let code = reference.country(named: name)?.alpha2 ?? reference.formerState(named: name)?.code
            cache[name] = .some(code)
            if code == nil { count(name) }
            return code
        }

        mutating func count(_ name: String) {
            if reference.isNonStateName(name) { nonState[name, default: 0] += 1 } else { unmapped[name, default: 0] += 1 }
        }
    }
}

/// SIPRI's armament categories, and a best guess of one from a weapon description (the older layout has no
/// category column). Guesses are marked `categoryInferred` in the data.
public enum ArmamentCategory {
    public static let all = ["Aircraft", "Air defence systems", "Anti-submarine warfare weapons", "Armoured vehicles", "Artillery",
                             "Engines", "Missiles", "Naval weapons", "Satellites", "Sensors", "Ships", "Other"]

    static let rules: [(String, [String])] = [
        ("Engines", ["engine", "turbofan", "turbojet", "turboprop", "turboshaft", "gas turbine", "diesel"]),
        ("Sensors", ["radar", "sonar", "sensor", "eo system", "fire control", "sigint", "elint", "targeting pod", "observation system"]),
        ("Satellites", ["satellite"]),
        ("Air defence systems", ["sam system", "air defence", "air defense", "anti-aircraft", "aa gun", "ciws", "mobile sam", "sp aa"]),
        ("Anti-submarine warfare weapons", ["torpedo", "asw", "depth charge", "anti-submarine"]),
        ("Missiles", ["missile", "sam", "ssm", "aam", "asm", "atgm", "rocket"]),
        ("Aircraft", ["aircraft", "helicopter", "uav", "airship", "aew", "fighter", "bomber", "airliner", "glider"]),
        ("Ships", ["ship", "frigate", "corvette", "submarine", "boat", "destroyer", "patrol craft", "landing craft", "minesweeper",
                   "minehunter", "cruiser", "carrier", "tug", "tanker", "opv", "fac", "lst", "lcu"]),
        ("Naval weapons", ["naval gun", "naval"]),
        ("Armoured vehicles", ["tank", "apc", "ifv", "armoured", "armored", "afv", "apv", "scout car", "recce", "arv", "reconnaissance vehicle"]),
        ("Artillery", ["howitzer", "mortar", "mrl", "artillery", "gun", "rocket launcher"]),
    ]

    public static func infer(_ description: String) -> String {
        let words = " " + description.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }.reduce(into: "") { $0.append($1) } + " "
        for (category, keys) in rules where keys.contains(where: { words.contains(" \($0) ") || ($0.count > 4 && words.contains($0)) }) {
            return category
        }
        return "Other"
    }
}
