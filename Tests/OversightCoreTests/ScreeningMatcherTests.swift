import Foundation
import OversightCore
import Testing

@Suite struct ScreeningNormalizerTests {
    @Test(arguments: [
        ("Víctor  ROJAS-Herrera", ["victor", "rojas", "herrera"]),
        ("Mr. John O'Brien", ["john", "obrien"]),
        ("Maulavi Abdul Rahman al-Houthi", ["abdulrahman", "houthi"]),
        ("Abd al-Rahman Yasin", ["abdulrahman", "yasin"]),
        ("Abdurrahman Yasin", ["abdulrahman", "yasin"]),
        ("ABDELHAKIM", ["abdulhakim"]),
        ("Abdurakhmanov", ["abdurakhmanov"]),
        ("Osama bin Laden", ["osama", "laden"]),
        ("Ben Smith", ["ben", "smith"]),
        ("Korea Mining Development Trading Corporation", ["korea", "mining", "development", "trading"]),
        ("LLC “Inter Tobacco”", ["inter", "tobacco"]),
        ("Inter Tobacco Joint Stock Company", ["inter", "tobacco"]),
        ("Shipping Co. Ltd", ["shipping"]),
        ("Co. Ltd", ["co", "ltd"]),
        ("Ludwig van Beethoven", ["ludwig", "beethoven"]),
        ("J.P. Morgan", ["jp", "morgan"]),
    ])
    func normalizes(_ text: String, _ expected: [String]) {
        #expect(NameNormalizer.normalize(text).tokens == expected, "\(text)")
    }

    @Test func reportsWhatItDrops() {
        let name = NameNormalizer.normalize("General Ahmad Shah Ltd")
        #expect(name.tokens == ["ahmad", "shah"])
        #expect(name.dropped == ["ltd", "general"])
        #expect(!name.transliterated)
    }

    @Test func transliteratesCyrillicWithBGNAndArabicThroughICU() {
        #expect(NameNormalizer.normalize("Шамиль Магомедович Измайлов").tokens == ["shamil", "magomedovich", "izmaylov"])
        #expect(NameNormalizer.normalize("Шамиль").transliterated)
        let arabic = NameNormalizer.normalize("عبدالخالق الحوثي").tokens
        #expect(arabic.count == 2 && arabic.allSatisfy { $0.allSatisfy(\.isASCII) }, "\(arabic)")
        #expect(NameNormalizer.normalize("Łódź Straße Ørsted").tokens == ["lodz", "strasse", "orsted"])
        #expect(Transliteration.hasNonLatinLetters("Виталий") && !Transliteration.hasNonLatinLetters("Vitalij Müller"))
    }

    @Test func equalNamesInDifferentScriptsMeet() {
        #expect(NameNormalizer.normalize("Шамиль ИЗМАЙЛОВ").tokens == NameNormalizer.normalize("шамиль измайлов").tokens)
    }
}

@Suite struct ScreeningSimilarityTests {
    @Test(arguments: [("kitten", "sitting", 3), ("abcd", "abdc", 1), ("", "abc", 3), ("houthi", "houthi", 0), ("ca", "abc", 3)])
    func editDistance(_ a: String, _ b: String, _ distance: Int) {
        #expect(TokenSimilarity.osaDistance(a, b) == distance)
    }

    @Test func phoneticKeysJoinTransliterationVariants() {
        #expect(TokenSimilarity.phoneticKey("mohammed") == TokenSimilarity.phoneticKey("muhammad"))
        #expect(TokenSimilarity.phoneticKey("mohammed") == TokenSimilarity.phoneticKey("mehmet"))
        #expect(TokenSimilarity.phoneticKey("qadhafi") == TokenSimilarity.phoneticKey("gaddafi"))
        #expect(TokenSimilarity.phoneticKey("shamil") == TokenSimilarity.phoneticKey("samil"))
        #expect(TokenSimilarity.phoneticKey("ali") == "", "too short to say anything")
        #expect(TokenSimilarity.phoneticKey("smith") != TokenSimilarity.phoneticKey("jones"))
    }

    @Test func comparisonsExplainThemselves() {
        #expect(TokenSimilarity.compare("houthi", "houthi") == TokenComparison(similarity: 1, reason: .exact))
        let typo = TokenSimilarity.compare("houthi", "houthy")
        #expect(typo.reason == .spelling && typo.distance == 1 && abs(typo.similarity - 5.0 / 6.0) < 1e-6)
        #expect(TokenSimilarity.compare("mohammed", "muhammad").reason == .phonetic)
        #expect(TokenSimilarity.compare("j", "john").reason == .initial)
        #expect(TokenSimilarity.compare("smith", "jones").similarity < 0.5)
    }
}

@Suite struct ScreeningDigestTests {
    @Test func digestIsSHA256OfTheCanonicalJSON() throws {
        let entry = ListEntry(list: "t", id: "1", schema: .person, names: [ListName("A")])
        #expect(try entry.canonicalJSON() == #"{"birthDates":[],"countries":[],"id":"1","identifiers":[],"list":"t","names":[{"quality":"strong","text":"A"}],"originalScriptNames":[],"schema":"person"}"#)
        // Computed independently (Python hashlib) over the text above.
        #expect(entry.digest == "fb13698c3ced4036f534c4991a75f5baa243f5c7e096d39b909b1758249638e1")
        var changed = entry
        changed.birthDates = [.exact(PartialDate("1970")!)]
        #expect(changed.digest != entry.digest)
        let (json, digest) = try entry.canonicalJSONAndDigest()
        #expect(digest == entry.digest)
        #expect(json.hasPrefix("{\"birthDates\":[]"))
    }

    @Test func listChangesCompareIdsAndDigests() {
        let changes = ListChanges.compare(old: ["a": "1", "b": "2", "c": "3"], new: ["b": "2", "c": "9", "d": "4"])
        #expect(changes.added == ["d"])
        #expect(changes.removed == ["a"])
        #expect(changes.changed == ["c"])
        #expect(changes.unchanged == 1)
        #expect(changes.summary == "1 added, 1 removed, 1 changed, 1 unchanged")
    }
}

/// A small list to screen against (names after the UN list's style; dates and numbers invented).
enum ScreeningFixture {
    static let entries: [ListEntry] = [
        ListEntry(list: "un-sc", id: "1", schema: .person,
                  names: [ListName("RI WON HO"), ListName("Ri Won-ho", quality: .weak)],
                  birthDates: [.exact(PartialDate("1964-07-17")!)], countries: ["KP"], gender: .male,
                  identifiers: [PartyIdentifier(type: "Passport", number: "381310014")], program: "DPRK"),
        ListEntry(list: "un-sc", id: "2", schema: .person,
                  names: [ListName("ABDUL KHALIQ AL-HOUTHI"), ListName("Abu Younis", quality: .weak)],
                  originalScriptNames: ["عبدالخالق الحوثي"],
                  birthDates: [.between(PartialDate("1965")!, PartialDate("1969")!)], countries: ["YE"], gender: .male),
        ListEntry(list: "un-sc", id: "3", schema: .person, names: [ListName("SHAMIL MAGOMEDOVICH ISMAILOV")],
                  originalScriptNames: ["Шамиль Магомедович Измайлов"], birthDates: [.exact(PartialDate("1980-10-29")!)],
                  countries: ["RU"]),
        ListEntry(list: "un-sc", id: "4", schema: .organization, names: [ListName("KOREA MINING DEVELOPMENT TRADING CORPORATION"),
                                                                          ListName("KOMID")], countries: ["KP"]),
        ListEntry(list: "blocklist", id: "5", schema: .person, names: [ListName("Maria Fernanda Lopez")],
                  birthDates: [.exact(PartialDate("1988-03")!)], countries: ["CO"], gender: .female),
        ListEntry(list: "blocklist", id: "6", schema: .person, names: [ListName("John Smith")]),
        ListEntry(list: "blocklist", id: "7", schema: .person, names: [ListName("Peter Jones")]),
    ]

    static let screener = Screener(entries: entries)
}

@Suite struct ScreenerTests {
    let screener = ScreeningFixture.screener

    func top(_ query: ScreeningQuery) -> ScreeningHit? { screener.screen(query).first }

    @Test(arguments: [
        ("Ri Won Ho", "1"), ("RI WONHO", "1"), ("Won Ho Ri", "1"), ("Ri Won Hoo", "1"),
        ("Abdul Khaliq al-Houthi", "2"), ("Abd al-Khaliq Houthi", "2"), ("Abdulkhaliq Huthi", "2"),
        ("Шамиль Измайлов", "3"), ("Shamil Ismailov", "3"), ("Shamil Izmailov", "3"),
        ("Korea Mining Development Trading Corp.", "4"), ("KOMID", "4"),
        ("María Fernanda López", "5"), ("Lopez, Maria Fernanda", "5"),
    ])
    func findsListedNamesAndTheirVariants(_ name: String, _ id: String) throws {
        let hit = try #require(top(ScreeningQuery(name: name)), "\(name)")
        #expect(hit.entry.id == id, "\(name)")
        #expect(hit.score >= 0.70)
    }

    @Test(arguments: ["Ricardo Wong", "Abdul Karim", "Korea Trading Bank", "Maria Garcia", "Mary Smithers", "Peter Johnson"])
    func unrelatedNamesAreNotMatches(_ name: String) {
        #expect(screener.screen(ScreeningQuery(name: name)).isEmpty, "\(name): \(screener.screen(ScreeningQuery(name: name)).map { "\($0.matchedName) \($0.score)" })")
    }

    @Test func originalScriptQueryMatchesOriginalScriptName() throws {
        let hit = try #require(top(ScreeningQuery(name: "عبدالخالق الحوثي")))
        #expect(hit.entry.id == "2")
        #expect(hit.matchedNameKind == .originalScript)
        #expect(hit.score > 0.99)
    }

    @Test func everyHitExplainsItsScore() throws {
        let hit = try #require(top(ScreeningQuery(name: "Ri Won Hoo", birthDate: PartialDate("1964-07-17"), countries: ["KP"])))
        #expect(hit.features.map(\.feature) == ["name", "date-of-birth", "country"])
        let total = hit.features.reduce(0) { $0 + $1.contribution }
        #expect(abs(hit.score - min(1, max(0, total))) < 1e-9)
        #expect(hit.features[0].text.contains("hoo ~ ho"))
        #expect(hit.features[1].text.contains("same date of birth"))
    }

    @Test func dateOfBirthAgreementRaisesAndConflictLowersTheScore() throws {
        let plain = try #require(top(ScreeningQuery(name: "Ri Won Hoo"))).score
        let agree = try #require(top(ScreeningQuery(name: "Ri Won Hoo", birthDate: PartialDate("1964")))).score
        let conflict = screener.screen(ScreeningQuery(name: "Ri Won Hoo", birthDate: PartialDate("1990-01-01"), threshold: 0)).first { $0.entry.id == "1" }
        #expect(agree > plain)
        #expect(try #require(conflict).score < plain)
        #expect(conflict!.features.contains { $0.feature == "date-of-birth" && $0.value == -1 })
        let range = try #require(top(ScreeningQuery(name: "Abdul Khaliq al-Houthi", birthDate: PartialDate("1967"))))
        #expect(range.features.contains { $0.feature == "date-of-birth" && $0.text.contains("within the listed range") })
    }

    @Test func genderAndCountryConflictsCount() throws {
        let woman = try #require(screener.screen(ScreeningQuery(name: "Ri Won Ho", countries: ["FR"], gender: .female, threshold: 0)).first)
        #expect(woman.features.contains { $0.feature == "gender" && $0.value == -1 })
        #expect(woman.features.contains { $0.feature == "country" && $0.value == -1 })
        #expect(woman.score < 1)
    }

    @Test func anIdentifierFindsTheEntryEvenUnderAnotherName() throws {
        let hit = try #require(top(ScreeningQuery(name: "Won-ho Lee", identifiers: ["381 310 014"])))
        #expect(hit.entry.id == "1")
        #expect(hit.features.contains { $0.feature == "identifier" && $0.value == 1 })
    }

    @Test func weakAliasesCountLess() throws {
        let hit = try #require(screener.screen(ScreeningQuery(name: "Abu Younis", threshold: 0)).first)
        #expect(hit.matchedNameKind == .weakAlias)
        #expect(hit.features.contains { $0.feature == "weak-alias" })
        #expect(hit.score < 1)
    }

    @Test func schemaRestrictsTheEntries() {
        #expect(screener.screen(ScreeningQuery(name: "KOMID", schema: .person)).isEmpty)
        #expect(!screener.screen(ScreeningQuery(name: "KOMID", schema: .organization)).isEmpty)
    }

    @Test func thresholdIsConfigurable() {
        let strict = Screener(index: screener.index, configuration: ScreeningConfiguration(threshold: 0.99))
        #expect(strict.screen(ScreeningQuery(name: "Ri Won Hoo")).isEmpty)
        #expect(!strict.screen(ScreeningQuery(name: "Ri Won Ho")).isEmpty)
        #expect(ScreeningConfiguration().threshold == 0.70)
    }

    @Test func notAMatchSticksUntilTheEntryChanges() throws {
        let entry = ScreeningFixture.entries[0]
        let decision = ScreeningDecision(party: "Ri  Won-Ho", list: entry.list, entryID: entry.id, entryDigest: entry.digest,
                                         reason: "born 1990", decidedBy: "alice", decidedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let decided = screener.with(decisions: DecisionBook([decision]))
        let result = decided.evaluate(ScreeningQuery(name: "RI WON HO"))
        #expect(!result.hits.contains { $0.entry.id == "1" })
        #expect(result.dismissed.map(\.hit.entry.id) == ["1"])
        #expect(!decided.screen(ScreeningQuery(name: "ri won-ho")).contains { $0.entry.id == "1" }, "the same party: case, spacing and punctuation aside")
        #expect(decided.screen(ScreeningQuery(name: "Ri Won Ho Kim", threshold: 0.5)).contains { $0.entry.id == "1" }, "another party")

        var changedEntries = ScreeningFixture.entries
        changedEntries[0].names.append(ListName("Li Won Ho"))
        let changed = Screener(entries: changedEntries, decisions: DecisionBook([decision]))
        let again = try #require(changed.screen(ScreeningQuery(name: "Ri Won Ho")).first { $0.entry.id == "1" })
        #expect(again.supersededDecision == decision)
    }

    @Test func decisionsRoundTripAsJSON() throws {
        let decision = ScreeningDecision(party: "X", list: "l", entryID: "1", entryDigest: "d", reason: "r", decidedBy: "b",
                                         decidedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let data = try JSONEncoder().encode(decision)
        #expect(String(decoding: data, as: UTF8.self).contains("\"decidedAt\":\"2023-11-14T22:13:20Z\""))
        #expect(try JSONDecoder().decode(ScreeningDecision.self, from: data) == decision)
    }

    @Test func theScreenerIsWhatTheEngineCallsAPartyScreening() {
        let screening: any PartyScreening = screener
        #expect(!screening.screen(ScreeningQuery(name: "Ri Won Ho")).isEmpty)
    }

    @Test func findsOneNameAmongMany() {
        var entries = (0..<20_000).map { ListEntry(list: "x", id: String($0), schema: .person, names: [ListName("Person\($0) Family\($0 % 97)")]) }
        entries += ScreeningFixture.entries
        let big = Screener(entries: entries)
        #expect(big.index.nameCount > 20_000)
        #expect(big.screen(ScreeningQuery(name: "Shamil Ismailov")).first?.entry.id == "3")
    }
}
