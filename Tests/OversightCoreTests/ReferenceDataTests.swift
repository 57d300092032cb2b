import Foundation
import Testing
@testable import OversightCore

struct ReferenceDataTests {
    let data = ReferenceData.shared

    private func day(_ text: String) throws -> Day { try #require(Day(text)) }

    private func scopes(_ target: String, on text: String) throws -> Set<EmbargoScope> {
        Set(data.embargoes(on: try day(text), target: target).map(\.scope))
    }

    // MARK: Control list

    @Test func all22ControlEntriesLoadInOrder() throws {
        #expect(data.controlEntries.count == 22)
        for (index, entry) in data.controlEntries.enumerated() {
            let number = index + 1
            #expect(entry.id == "ML\(number)")
            #expect(entry.ecl == "2-\(number)")
            #expect(entry.number == number)
            #expect(!entry.title.isEmpty)
        }
        let ml14 = try #require(data.controlEntry("2-14"))
        #expect(ml14.title.contains("simulators"))
    }

    @Test(arguments: [
        ("2-14", "ML14"), ("ML14", "ML14"), ("ml 14", "ML14"), ("ML-14", "ML14"), (" 2-14 ", "ML14"),
        ("2 - 14", "ML14"), ("ml14", "ML14"), ("2-1", "ML1"), ("ML22", "ML22"), ("2–10", "ML10"),
        ("ML10.h.1", "ML10"), ("2-14.a", "ML14"),
        ("2-99", nil), ("ML0", nil), ("3-1", nil), ("ML23", nil), ("2-0", nil), ("ML01", nil), ("214", nil),
        ("", nil), ("ML", nil), ("simulator", nil), ("ML14x", nil), ("2-14-3", nil), ("12-14", nil),
    ] as [(String, String?)])
    func canonicalCode(input: String, expected: String?) {
        #expect(ControlEntry.canonicalCode(input) == expected)
    }

    @Test(arguments: [("ML1", ["VIII"]), ("ML2", ["VIII", "III"]), ("ML6", ["I", "II"]), ("ML10", ["IV", "V"]),
                      ("ML9", ["VI"]), ("ML4", ["VII"]), ("ML14", [])])
    func attCategoryMapping(entry: String, categories: [String]) throws {
        #expect(try #require(data.controlEntry(entry)).attCategories == categories)
    }

    @Test func attCategoriesWithSALWSubcategories() throws {
        #expect(data.attCategories.map(\.code) == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"])
        let salw = try #require(data.attCategories.last)
        #expect(salw.subcategories.count == 13)
        #expect(salw.subcategories.filter { $0.group == .smallArms }.count == 6)
        #expect(salw.subcategories.filter { $0.group == .lightWeapons }.count == 7)
        #expect(Set(salw.subcategories.map(\.code)).count == 13)
        #expect(salw.subcategories.first { $0.code == "VIII.SA.4" }?.name == "Assault rifles")
        #expect(data.attCategories.dropLast().allSatisfy { $0.subcategories.isEmpty })
    }

    // MARK: Violation types and nexus

    @Test(arguments: [
        ("unlawful-killing", 1.0), ("torture", 0.9), ("enforced-disappearance", 0.9), ("sgbv", 0.9),
        ("excessive-force", 0.6), ("arbitrary-detention", 0.5), ("unlawful-surveillance", 0.3), ("ihl-attack", 1.0),
    ])
    func violationGravity(code: String, gravity: Double) throws {
        #expect(try #require(data.violationType(code)).gravity == gravity)
    }

    @Test func violationFlags() throws {
        #expect(data.violationTypes.count == 8)
        #expect(data.violationTypes.filter(\.ihl).map(\.code) == ["ihl-attack"])
        #expect(data.violationTypes.filter(\.genderBased).map(\.code) == ["sgbv"])
        #expect(try #require(data.violationType("enforced-disappearance")).nexusColumn == .detention)
        #expect(data.violationType("genocide") == nil)
    }

    @Test(arguments: [
        ("ML14", "unlawful-killing", NexusLevel.facilitating), ("2-14", "unlawful-killing", .facilitating),
        ("ML1", "unlawful-killing", .direct), ("ml 1", "ihl-attack", .direct), ("2-1", "torture", .facilitating),
        ("ML7", "excessive-force", .direct), ("ML5", "unlawful-surveillance", .facilitating),
        ("ML6", "sgbv", .remote), ("ML14", "torture", .none), ("ML10", "ihl-attack", .direct),
        ("ML99", "unlawful-killing", .none), ("ML1", "no-such-violation", .none),
    ])
    func nexusLevel(entry: String, violation: String, expected: NexusLevel) {
        #expect(data.nexus.level(entry: entry, violation: violation) == expected)
    }

    @Test func ml20HasNoNexusAndML16To18Agree() {
        #expect(data.violationTypes.count == 8)
        for violation in data.violationTypes {
            #expect(data.nexus.level(entry: "ML20", violation: violation.code) == NexusLevel.none)
        }
        for column in NexusColumn.allCases {
            #expect(data.nexus.level(entry: "ML20", column: column) == NexusLevel.none)
        }
        #expect(data.nexus.levels.count == 22)
        #expect(data.nexus.levels["ML16"] == data.nexus.levels["ML17"])
        #expect(data.nexus.levels["ML17"] == data.nexus.levels["ML18"])
        #expect(NexusLevel.none < .remote && NexusLevel.remote < .facilitating && NexusLevel.facilitating < .direct)
    }

    // MARK: Embargoes

    @Test func haitiListedPersonsThenWholeCountry() throws {
        #expect(try scopes("HT", on: "2022-10-20").isEmpty)
        #expect(try scopes("HT", on: "2023-01-15") == [.listedPersons])
        #expect(try scopes("HT", on: "2023-10-01") == [.listedPersons])
        #expect(try scopes("HT", on: "2023-10-02").contains(.wholeState))
        #expect(try scopes("ht", on: "2025-06-01").contains(.wholeState))
    }

    @Test func somaliaGovernmentLiftedOn1December2023() throws {
        #expect(try scopes("SO", on: "2023-11-30").contains(.wholeState))
        let after = try scopes("SO", on: "2023-12-01")
        #expect(!after.contains(.wholeState))
        #expect(after.contains(.nonStateActors))
    }

    @Test func centralAfricanRepublicGovernmentNoLongerCovered() throws {
        #expect(try scopes("CF", on: "2013-12-04").isEmpty)
        #expect(try scopes("CF", on: "2020-01-01") == [.wholeState])
        #expect(try scopes("CF", on: "2023-07-26") == [.wholeState])
        #expect(try scopes("CF", on: "2023-07-27") == [.nonStateActors])
        let after = try scopes("CF", on: "2024-07-30")
        #expect(!after.contains(.wholeState))
        #expect(after == [.nonStateActors])
        #expect(data.embargoes(on: try day("2024-07-30"), target: "CF").map(\.id) == ["cf-2745"])
    }

    @Test func iranSnapback() throws {
        #expect(try scopes("IR", on: "2025-09-27").contains(.wholeState))
        #expect(try scopes("IR", on: "2025-09-26").isEmpty)
        #expect(try scopes("IR", on: "2021-01-01").isEmpty)
        #expect(try scopes("IR", on: "2015-01-01") == [.wholeState])
        #expect(try scopes("IRN", on: "2026-01-01") == [.wholeState])
    }

    @Test(arguments: [
        ("KP", "2006-10-13", false), ("KP", "2006-10-14", true), ("LY", "2011-02-26", true),
        ("SS", "2018-07-12", false), ("SS", "2018-07-13", true), ("ER", "2018-11-13", true), ("ER", "2018-11-14", false),
        ("LR", "2016-05-24", true), ("LR", "2016-05-25", false), ("CI", "2016-04-28", false), ("SL", "2010-09-29", false),
        ("PE", "2023-02-06", false), ("CA", "2025-01-01", false),
    ])
    func anyEmbargoInForce(target: String, date: String, inForce: Bool) throws {
        #expect(data.embargoes(on: try day(date), target: target).isEmpty == !inForce)
    }

    @Test func isInForceCountsBothEnds() throws {
        let embargo = Embargo(id: "x", target: "ZZ", targetName: "Test", scope: .wholeState,
                              from: try day("2020-01-10"), to: try day("2020-01-20"), basis: "test")
        #expect(!embargo.isInForce(on: try day("2020-01-09")))
        #expect(embargo.isInForce(on: try day("2020-01-10")))
        #expect(embargo.isInForce(on: try day("2020-01-20")))
        #expect(!embargo.isInForce(on: try day("2020-01-21")))
        let open = Embargo(id: "y", target: nil, targetName: "Test", scope: .listedPersons,
                           from: try day("2020-01-10"), basis: "test")
        #expect(open.isInForce(on: try day("2999-12-31")))
    }

    @Test func embargoTableIsConsistent() throws {
        #expect(data.embargoes.count >= 20)
        #expect(Set(data.embargoes.map(\.id)).count == data.embargoes.count)
        for embargo in data.embargoes {
            if let to = embargo.to { #expect(embargo.from <= to, "\(embargo.id)") }
            if let target = embargo.target { #expect(data.country(target) != nil, "\(embargo.id)") }
        }
        // Periods of the same target and scope never overlap.
        for a in data.embargoes {
            for b in data.embargoes where a.id < b.id && a.target == b.target && a.scope == b.scope && a.target != nil {
                let aEnd = a.to ?? Day(ordinal: Int.max), bEnd = b.to ?? Day(ordinal: Int.max)
                #expect(aEnd < b.from || bEnd < a.from, "\(a.id) overlaps \(b.id)")
            }
        }
        // REFERENCE.md asks for Yemen, Iraq and Lebanon to be verified.
        for target in ["YE", "IQ", "LB"] {
            let rows = data.embargoes.filter { $0.target == target }
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { $0.verify }, "\(target)")
        }
    }

    @Test func listBasedRegimesHaveNoTarget() throws {
        let global = data.embargoes(on: try day("2024-01-01")).filter { $0.target == nil }
        #expect(global.count == 2)
        #expect(global.allSatisfy { $0.scope == .listedPersons })
        #expect(data.embargoes(on: try day("2024-01-01"), target: "AF").isEmpty)
    }

    // MARK: Countries

    @Test(arguments: [("PE", "PE"), ("PER", "PE"), ("pe", "PE"), ("per", "PE"), ("TUR", "TR"), ("XK", "XK"),
                      ("ZZ", nil), ("PERU", nil)] as [(String, String?)])
    func countryByCode(code: String, expected: String?) {
        #expect(data.country(code)?.alpha2 == expected)
    }

    @Test(arguments: [
        ("Peru", "PE"), ("Viet Nam", "VN"), ("Vietnam", "VN"), ("Cote d'Ivoire", "CI"), ("Côte d’Ivoire", "CI"),
        ("Türkiye", "TR"), ("Turkiye", "TR"), ("Turkey", "TR"), ("DR Congo", "CD"), ("Congo", "CG"),
        ("Bosnia-Herzegovina", "BA"), ("UAE", "AE"), ("United States", "US"), ("eSwatini", "SZ"),
        ("Swaziland", "SZ"), ("Macedonia", "MK"), ("North Macedonia", "MK"), ("Kosovo", "XK"), ("Taiwan", "TW"),
        ("Palestine", "PS"), ("Saint Vincent", "VC"), ("St Kitts and Nevis", "KN"), ("East Timor", "TL"),
        ("SOUTH KOREA", "KR"), ("North Korea", "KP"), ("Micronesia", "FM"), ("Peru*", "PE"),
        ("Hezbollah (Lebanon)*", nil), ("Soviet Union", nil), ("Atlantis", nil), ("", nil),
    ] as [(String, String?)])
    func countryByName(name: String, expected: String?) {
        #expect(data.country(named: name)?.alpha2 == expected)
    }

    @Test func everyCountryHasARegion() throws {
        #expect(data.countries.count >= 250)
        #expect(Set(data.countries.map(\.alpha2)).count == data.countries.count)
        for country in data.countries {
            #expect(!country.region.isEmpty && !country.subregion.isEmpty, "\(country.alpha2)")
            #expect(country.alpha2.count == 2 && country.alpha3.count == 3, "\(country.alpha2)")
        }
        let peru = try #require(data.country("PE"))
        #expect(peru.region == "Americas" && peru.subregion == "South America")
        #expect(try #require(data.country("FR")).subregion == "Western Europe")
        #expect(try #require(data.country("XK")).isUserAssigned)
        #expect(!peru.isUserAssigned)
    }

    @Test func formerStatesAreNotCountries() throws {
        let soviet = try #require(data.formerState(named: "Soviet Union"))
        #expect(soviet.code == "SUHH")
        #expect(soviet.successors.contains("RU"))
        #expect(data.formerState(named: "Yemen Arab Republic (North Yemen)")?.successors == ["YE"])
        #expect(data.formerState(named: "Russia") == nil)
        #expect(data.isNonStateName("NATO**"))
        #expect(!data.isNonStateName("Peru"))
    }

    @Test func sourcesAreNamed() {
        #expect(data.sources.map(\.file).sorted() == ReferenceData.fileNames.sorted())
        #expect(data.sources.allSatisfy { !$0.source.isEmpty && !$0.version.isEmpty })
    }

    @Test func loadReportsAMissingFileByName() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: ReferenceData.LoadError.missing(file: "control-list.json")) {
            try ReferenceData.load(from: empty)
        }
        try Data("{\"source\": 1}".utf8).write(to: empty.appendingPathComponent("control-list.json"))
        do {
            _ = try ReferenceData.load(from: empty)
            Issue.record("a corrupt file must not load")
        } catch let error as ReferenceData.LoadError {
            guard case .corrupt(let file, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(file == "control-list.json")
        }
    }

    // MARK: SIPRI names

    /// The newest SIPRI trade register in `../shared/data/sipri/` next to the package, if there is one.
    static let sipriFile: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/sipri")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let registers = names.filter { $0.hasPrefix("trade-register") && $0.hasSuffix(".csv") }.sorted()
        return registers.last.map { folder.appendingPathComponent($0) }
    }()

    @Test(.enabled(if: ReferenceDataTests.sipriFile != nil,
                   "no SIPRI trade register (trade-register-*.csv) in ../shared/data/sipri next to the package"))
    func everySIPRIStateNameMaps() throws {
        let url = try #require(ReferenceDataTests.sipriFile)
        let bytes = try Data(contentsOf: url)
        let text = String(data: bytes, encoding: .utf8) ?? String(decoding: bytes, as: Unicode.ASCII.self)
        let rows = Self.csvRows(text)
        let header = try #require(rows.firstIndex { $0.first == "Recipient" && $0.dropFirst().first == "Supplier" })
        var names = Set<String>()
        // Comments broken over lines leave short fragments; real rows have all the columns.
        for row in rows[(header + 1)...] where row.count >= 10 {
            for name in row.prefix(2) {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { names.insert(trimmed) }
            }
        }
        #expect(names.count > 100)
        let unmapped = names.sorted().filter {
            !data.isNonStateName($0) && data.country(named: $0) == nil && data.formerState(named: $0) == nil
        }
        #expect(unmapped.isEmpty, "SIPRI names with no country: \(unmapped)")
        #expect(data.country(named: "Peru") != nil && names.contains("Peru"))
    }

    /// Splits CSV text into rows of fields, honouring double quotes.
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var previousQuote = false
        for character in text {
            if quoted {
                if character == "\"" { quoted = false; previousQuote = true } else { field.append(character) }
                continue
            }
            switch character {
            case "\"":
                if previousQuote { field.append("\"") }
                quoted = true
            case ",":
                row.append(field); field = ""
            case "\n", "\r\n", "\r":
                row.append(field); field = ""
                rows.append(row); row = []
            default:
                field.append(character)
            }
            previousQuote = false
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
