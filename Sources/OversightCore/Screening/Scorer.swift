/// A query token, prepared once per query: its weight and the vocabulary tokens it resembles.
struct QueryToken {
    let text: String
    let bytes: [UInt8]
    let weight: Float
    /// Vocabulary token → how alike, for tokens at or above the floor.
    let matches: [UInt32: TokenComparison]
    /// The same, best first, for walking postings.
    let ranked: [(token: UInt32, comparison: TokenComparison)]

    var isInitial: Bool { bytes.count == 1 }
}

/// How a query name lines up with a list name, token by token.
struct NameAlignment {
    struct Pair {
        var query: [Int]
        var list: [Int]
        var comparison: TokenComparison
    }

    var score: Double
    var pairs: [Pair]
    var unmatchedQuery: [Int]
    var unmatchedList: [Int]
}

/// Scores a candidate: aligns the name tokens regardless of order (each query token with at most one list
/// token, most similar pairs first, by edit distance and phonetic key), weighs them by rarity, then applies
/// the qualifiers (date of birth, country, gender, identifiers). Every step is reported as a feature.
enum Scorer {
    /// Name score = Σ pairs (w·s) / (Σ pairs w + αq · Σ unmatched query w + αl · Σ unmatched list w),
    /// with w the query token's weight in a pair, s the similarity.
    static func align(_ query: [QueryToken], listTokens: ArraySlice<UInt32>, index: CandidateIndex,
                      configuration: ScreeningConfiguration) -> NameAlignment {
        let list = Array(listTokens)
        let floor = Float(configuration.tokenFloor)
        var candidates: [(i: Int, j: Int, comparison: TokenComparison)] = []
        candidates.reserveCapacity(query.count * list.count)
        for (i, token) in query.enumerated() {
            for (j, listToken) in list.enumerated() {
                if let comparison = token.matches[listToken] {
                    candidates.append((i, j, comparison))
                } else if token.isInitial || index.tokenStart[Int(listToken) + 1] - index.tokenStart[Int(listToken)] == 1 {
                    let bytes = index.tokenBytes(listToken)
                    if bytes.first == token.bytes.first && (token.isInitial || bytes.count == 1) {
                        candidates.append((i, j, TokenComparison(similarity: token.isInitial && bytes.count == 1 ? 1 : TokenSimilarity.initialSimilarity,
                                                                 reason: token.isInitial && bytes.count == 1 ? .exact : .initial)))
                    }
                }
            }
        }
        candidates.sort {
            $0.comparison.similarity > $1.comparison.similarity
                || ($0.comparison.similarity == $1.comparison.similarity && query[$0.i].weight > query[$1.i].weight)
        }
        var usedQuery = [Bool](repeating: false, count: query.count)
        var usedList = [Bool](repeating: false, count: list.count)
        var pairs: [NameAlignment.Pair] = []
        for candidate in candidates where candidate.comparison.similarity >= floor && !usedQuery[candidate.i] && !usedList[candidate.j] {
            usedQuery[candidate.i] = true
            usedList[candidate.j] = true
            pairs.append(.init(query: [candidate.i], list: [candidate.j], comparison: candidate.comparison))
        }
        if pairs.count < query.count && pairs.count < list.count {
            joinSplitTokens(query, list, index: index, usedQuery: &usedQuery, usedList: &usedList, pairs: &pairs)
        }

        var numerator: Float = 0, denominator: Float = 0
        for pair in pairs {
            let weight = pair.query.reduce(Float(0)) { $0 + query[$1].weight }
            numerator += weight * pair.comparison.similarity
            denominator += weight
        }
        let unmatchedQuery = query.indices.filter { !usedQuery[$0] }
        let unmatchedList = list.indices.filter { !usedList[$0] }
        for i in unmatchedQuery {
            let discount: Float = isPatronymic(query[i].bytes) ? patronymicDiscount : 1
            denominator += Float(configuration.unmatchedQueryPenalty) * query[i].weight * discount
        }
        for j in unmatchedList {
            let discount: Float = isPatronymic(index.tokenBytes(list[j])) ? patronymicDiscount : 1
            denominator += Float(configuration.unmatchedListPenalty) * index.tokenWeight[Int(list[j])] * discount
        }
        let score = denominator > 0 ? Double(numerator / denominator) : 0
        return NameAlignment(score: score, pairs: pairs, unmatchedQuery: unmatchedQuery, unmatchedList: unmatchedList)
    }

    /// A missing patronymic costs a quarter of another missing name part: documents outside the countries that
    /// use them ("Islam Seit-Umarovich Atabiev" → "Islam Atabiev") mostly leave them out.
    static let patronymicDiscount: Float = 0.25

    private static let patronymicEndings: [[UInt8]] = ["ovich", "evich", "ovych", "ievich", "ovna", "evna", "ivna", "ichna", "oglu", "ogly", "kyzy", "qizi"]
        .map { Array($0.utf8) }

    /// East Slavic, Turkic and Central Asian patronymics: "Magomedovich", "Vladimirovna", "Mammadoglu".
    static func isPatronymic(_ token: some Collection<UInt8>) -> Bool {
        guard token.count >= 7 else { return false }
        return patronymicEndings.contains { token.suffix($0.count).elementsEqual($0) }
    }

    /// "Abdulaziz" against "Abdul Aziz" (or the other way round, or "Aziz Abdul" after reordering): one token
    /// of one name against two tokens of the other, all left unmatched by the token alignment.
    private static func joinSplitTokens(_ query: [QueryToken], _ list: [UInt32], index: CandidateIndex,
                                        usedQuery: inout [Bool], usedList: inout [Bool], pairs: inout [NameAlignment.Pair]) {
        let minimum: Float = 0.8
        for i in query.indices where !usedQuery[i] && query[i].bytes.count >= 4 {
            search: for j in list.indices where !usedList[j] {
                for k in list.indices where k != j && !usedList[k] && !usedList[j] {
                    let joined = Array(index.tokenBytes(list[j])) + Array(index.tokenBytes(list[k]))
                    let similarity = similarity(query[i].bytes, joined)
                    if similarity >= minimum {
                        usedQuery[i] = true
                        usedList[j] = true
                        usedList[k] = true
                        pairs.append(.init(query: [i], list: [j, k], comparison: TokenComparison(similarity: similarity, reason: .joined)))
                        break search
                    }
                }
            }
        }
        for j in list.indices where !usedList[j] && index.tokenBytes(list[j]).count >= 4 {
            let listBytes = Array(index.tokenBytes(list[j]))
            search: for i in query.indices where !usedQuery[i] {
                for k in query.indices where k != i && !usedQuery[k] && !usedQuery[i] {
                    let similarity = similarity(query[i].bytes + query[k].bytes, listBytes)
                    if similarity >= minimum {
                        usedQuery[i] = true
                        usedQuery[k] = true
                        usedList[j] = true
                        pairs.append(.init(query: [i, k], list: [j], comparison: TokenComparison(similarity: similarity, reason: .joined)))
                        break search
                    }
                }
            }
        }
    }

    private static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Float {
        let distance = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in TokenSimilarity.osaDistance(x, y) } }
        return 1 - Float(distance) / Float(max(a.count, b.count, 1))
    }

    // MARK: - Explanation of the name

    static func nameFeature(_ alignment: NameAlignment, query: [QueryToken], listTokens: ArraySlice<UInt32>, listName: String,
                            kind: MatchedNameKind, ignored: [String], index: CandidateIndex) -> ScreeningFeature {
        let list = Array(listTokens)
        let kindText: String
        switch kind {
        case .name: kindText = "name"
        case .weakAlias: kindText = "weak alias"
        case .originalScript: kindText = "original-script name"
        }
        var parts: [String] = []
        for pair in alignment.pairs.sorted(by: { $0.query[0] < $1.query[0] }) {
            let q = pair.query.map { query[$0].text }.joined(separator: " ")
            let l = pair.list.map { index.token(list[$0]) }.joined(separator: " ")
            let how: String
            switch pair.comparison.reason {
            case .exact: how = "same"
            case .spelling: how = "spelling, \(pair.comparison.distance) edit\(pair.comparison.distance == 1 ? "" : "s")"
            case .phonetic: how = "sounds alike"
            case .initial: how = "initial"
            case .joined: how = "written together"
            }
            let weight = pair.query.reduce(Float(0)) { $0 + query[$1].weight }
            parts.append("\(q) ~ \(l) \(format(Double(pair.comparison.similarity))) (\(how); weight \(format(Double(weight))))")
        }
        var text = "query vs \(kindText) “\(listName)”: " + (parts.isEmpty ? "no token in common" : parts.joined(separator: ", "))
        if !alignment.unmatchedQuery.isEmpty {
            text += "; not in the list name: " + alignment.unmatchedQuery.map { query[$0].text }.joined(separator: " ")
        }
        if !alignment.unmatchedList.isEmpty {
            text += "; not in the query: " + alignment.unmatchedList.map { index.token(list[$0]) }.joined(separator: " ")
        }
        if !ignored.isEmpty {
            text += "; ignored (titles, legal forms, particles): " + ignored.joined(separator: " ")
        }
        return ScreeningFeature(feature: "name", value: alignment.score, weight: 1, text: text)
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        } else {
            text += ".00"
        }
        return text
    }

    // MARK: - Qualifiers

    /// The largest amount the qualifiers can add for this query (what the name must at least score).
    static func maximumBonus(_ query: ScreeningQuery, configuration: ScreeningConfiguration) -> Double {
        var bonus = 0.0
        if let birth = query.birthDate { bonus += configuration.birthDateWeight * (birth.precision == .day ? 1 : 0.5) }
        if !query.countries.isEmpty { bonus += configuration.countryWeight }
        if query.gender != nil { bonus += configuration.genderWeight * genderAgreement }
        return bonus
    }

    static let genderAgreement = 0.2

    /// Features from everything but the name.
    static func qualifiers(_ query: ScreeningQuery, entry: ListEntry, matchedKind: MatchedNameKind,
                           configuration: ScreeningConfiguration) -> [ScreeningFeature] {
        var features: [ScreeningFeature] = []
        if matchedKind == .weakAlias {
            features.append(ScreeningFeature(feature: "weak-alias", value: -1, weight: configuration.weakAliasPenalty,
                                             text: "the matching name is a weak (low-quality) alias on the list"))
        }
        if let birth = query.birthDate, !entry.birthDates.isEmpty {
            features.append(birthFeature(birth, entry.birthDates, weight: configuration.birthDateWeight))
        }
        let queryCountries = Set(query.countries.map { $0.uppercased() })
        if !queryCountries.isEmpty && !entry.countries.isEmpty {
            let common = queryCountries.intersection(entry.countries).sorted()
            if common.isEmpty {
                features.append(ScreeningFeature(feature: "country", value: -1, weight: configuration.countryWeight,
                                                 text: "listed with \(entry.countries.joined(separator: ", ")); the party with \(queryCountries.sorted().joined(separator: ", "))"))
            } else {
                features.append(ScreeningFeature(feature: "country", value: 1, weight: configuration.countryWeight,
                                                 text: "country in common: \(common.joined(separator: ", "))"))
            }
        }
        if let gender = query.gender, let listed = entry.gender {
            if gender == listed {
                features.append(ScreeningFeature(feature: "gender", value: genderAgreement, weight: configuration.genderWeight,
                                                 text: "same gender (\(gender.rawValue))"))
            } else {
                features.append(ScreeningFeature(feature: "gender", value: -1, weight: configuration.genderWeight,
                                                 text: "listed as \(listed.rawValue); the party is \(gender.rawValue)"))
            }
        }
        if !query.identifiers.isEmpty && !entry.identifiers.isEmpty {
            let wanted = Set(query.identifiers.map(PartyIdentifier.normalize).filter { !$0.isEmpty })
            if let same = entry.identifiers.first(where: { wanted.contains($0.normalizedNumber) }) {
                features.append(ScreeningFeature(feature: "identifier", value: 1, weight: configuration.identifierWeight,
                                                 text: "same identifier: \(same.type) \(same.number)"))
            } else {
                features.append(ScreeningFeature(feature: "identifier", value: 0, weight: configuration.identifierWeight,
                                                 text: "no identifier in common (listed: \(entry.identifiers.map { "\($0.type) \($0.number)" }.joined(separator: "; ")))"))
            }
        }
        return features
    }

    private static func birthFeature(_ birth: PartialDate, _ listed: [BirthDate], weight: Double) -> ScreeningFeature {
        var best: (value: Double, text: String)?
        for date in listed {
            let judged = judge(birth, date)
            if best == nil || judged.value > best!.value { best = judged }
        }
        let listedText = listed.map(\.description).joined(separator: "; ")
        return ScreeningFeature(feature: "date-of-birth", value: best!.value, weight: weight,
                                text: "\(best!.text) (party \(birth); listed \(listedText))")
    }

    /// How a date of birth compares with one listed date: 1 same day, 0.5 same year, 0.4 within an
    /// approximate date or range, 0 close (a year out, or a listed day differs), −1 years apart.
    static func judge(_ birth: PartialDate, _ listed: BirthDate) -> (value: Double, text: String) {
        switch listed {
        case .exact(let date):
            let apart = abs(birth.year - date.year)
            if apart == 0 {
                if let m1 = birth.month, let m2 = date.month, m1 != m2 { return (0, "same year, another month") }
                if let d1 = birth.day, let d2 = date.day {
                    return d1 == d2 ? (1, "same date of birth") : (0, "same year and month, another day")
                }
                return (0.5, "same year of birth")
            }
            if apart == 1 { return (0, "born a year apart") }
            return (-1, "born \(apart) years apart")
        case .approximately(let date):
            let apart = abs(birth.year - date.year)
            if apart <= 2 { return (0.4, "within the approximate year of birth") }
            if apart <= 5 { return (0, "\(apart) years from the approximate year of birth") }
            return (-1, "\(apart) years from the approximate year of birth")
        case .between:
            let years = listed.years
            if years.contains(birth.year) { return (0.4, "within the listed range of years of birth") }
            let apart = birth.year < years.lowerBound ? years.lowerBound - birth.year : birth.year - years.upperBound
            if apart <= 2 { return (0, "\(apart) year\(apart == 1 ? "" : "s") outside the listed range") }
            return (-1, "\(apart) years outside the listed range")
        }
    }
}
