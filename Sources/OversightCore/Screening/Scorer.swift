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
    var isPatronymic: Bool { Scorer.isPatronymic(bytes) }
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
    /// A candidate pair of tokens, in the alignment's scratch buffer.
    private struct Candidate {
        var i: Int
        var j: Int
        var comparison: TokenComparison
        var weight: Float
        var taken = false
    }

    /// Name score = Σ pairs (w·s) / (Σ pairs w + αq · Σ unmatched query w + αl · Σ unmatched list w),
    /// with w the query token's weight in a pair, s the similarity. Nil when the score is below `minimum`
    /// (decided as early and cheaply as possible: most candidates end there).
    static func align(_ query: [QueryToken], listTokens: ArraySlice<UInt32>, index: CandidateIndex,
                      configuration: ScreeningConfiguration, floor minimum: Double = -.infinity) -> NameAlignment? {
        let n = query.count, m = listTokens.count
        guard n > 0, m > 0 else { return nil }
        let tokenFloor = Float(configuration.tokenFloor)
        let αq = Float(configuration.unmatchedQueryPenalty), αl = Float(configuration.unmatchedListPenalty)
        return withUnsafeTemporaryAllocation(of: Candidate.self, capacity: n * m) { buffer -> NameAlignment? in
            var count = 0
            for i in 0..<n {
                let token = query[i]
                for (j, listToken) in listTokens.enumerated() {
                    var comparison = token.matches[listToken]
                    if comparison == nil && (token.isInitial || index.tokenLength(listToken) == 1) {
                        let first = index.tokenBytes[Int(index.tokenStart[Int(listToken)])]
                        if first == token.bytes[0] {
                            let both = token.isInitial && index.tokenLength(listToken) == 1
                            comparison = TokenComparison(similarity: both ? 1 : TokenSimilarity.initialSimilarity, reason: both ? .exact : .initial)
                        }
                    }
                    guard let comparison, comparison.similarity >= tokenFloor else { continue }
                    (buffer.baseAddress! + count).initialize(to: Candidate(i: i, j: j, comparison: comparison, weight: token.weight))
                    count += 1
                }
            }
            defer { (buffer.baseAddress!).deinitialize(count: count) }
            var candidates = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            candidates.sort {
                $0.comparison.similarity > $1.comparison.similarity
                    || ($0.comparison.similarity == $1.comparison.similarity && $0.weight > $1.weight)
            }
            var usedQuery: UInt64 = 0, usedList: UInt64 = 0
            var numerator: Float = 0, paired: Float = 0
            for k in 0..<count {
                let c = candidates[k]
                if usedQuery & (1 << UInt64(c.i)) != 0 || usedList & (1 << UInt64(c.j)) != 0 { continue }
                usedQuery |= 1 << UInt64(c.i)
                usedList |= 1 << UInt64(c.j)
                numerator += c.weight * c.comparison.similarity
                paired += c.weight
                candidates[k].taken = true
            }
            var unmatchedQueryWeight: Float = 0, unmatchedQueryPenalty: Float = 0, unmatchedListPenalty: Float = 0
            for i in 0..<n where usedQuery & (1 << UInt64(i)) == 0 {
                unmatchedQueryWeight += query[i].weight
                unmatchedQueryPenalty += αq * query[i].weight * (query[i].isPatronymic ? patronymicDiscount : 1)
            }
            for (j, listToken) in listTokens.enumerated() where usedList & (1 << UInt64(j)) == 0 {
                unmatchedListPenalty += αl * index.tokenWeight[Int(listToken)] * (index.tokenPatronymic[Int(listToken)] ? patronymicDiscount : 1)
            }
            let denominator = paired + unmatchedQueryPenalty + unmatchedListPenalty
            let score = denominator > 0 ? Double(numerator / denominator) : 0
            let joinable = usedQuery.nonzeroBitCount < n && usedList.nonzeroBitCount < m
            if score < minimum {
                // Only joining unmatched tokens could lift it: at best each unmatched query token pairs perfectly
                // and the unmatched list tokens vanish into those pairs.
                guard joinable, Double((numerator + unmatchedQueryWeight) / (paired + unmatchedQueryWeight)) >= minimum else { return nil }
            }
            var alignment = NameAlignment(score: score, pairs: [], unmatchedQuery: [], unmatchedList: [])
            for c in candidates where c.taken {
                alignment.pairs.append(.init(query: [c.i], list: [c.j], comparison: c.comparison))
            }
            var usedQ = (0..<n).map { usedQuery & (1 << UInt64($0)) != 0 }
            var usedL = (0..<m).map { usedList & (1 << UInt64($0)) != 0 }
            let list = Array(listTokens)
            if joinable {
                joinSplitTokens(query, list, index: index, usedQuery: &usedQ, usedList: &usedL, pairs: &alignment.pairs)
            }
            alignment.unmatchedQuery = (0..<n).filter { !usedQ[$0] }
            alignment.unmatchedList = (0..<m).filter { !usedL[$0] }
            if joinable {
                var numerator: Float = 0, denominator: Float = 0
                for pair in alignment.pairs {
                    let weight = pair.query.reduce(Float(0)) { $0 + query[$1].weight }
                    numerator += weight * pair.comparison.similarity
                    denominator += weight
                }
                for i in alignment.unmatchedQuery { denominator += αq * query[i].weight * (query[i].isPatronymic ? patronymicDiscount : 1) }
                for j in alignment.unmatchedList {
                    denominator += αl * index.tokenWeight[Int(list[j])] * (index.tokenPatronymic[Int(list[j])] ? patronymicDiscount : 1)
                }
                alignment.score = denominator > 0 ? Double(numerator / denominator) : 0
                if alignment.score < minimum { return nil }
            }
            return alignment
        }
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
                    guard lengthsAllow(query[i].bytes.count, index.tokenLength(list[j]) + index.tokenLength(list[k]), minimum) else { continue }
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
        for j in list.indices where !usedList[j] && index.tokenLength(list[j]) >= 4 {
            let listBytes = Array(index.tokenBytes(list[j]))
            search: for i in query.indices where !usedQuery[i] {
                for k in query.indices where k != i && !usedQuery[k] && !usedQuery[i] {
                    guard lengthsAllow(query[i].bytes.count + query[k].bytes.count, listBytes.count, minimum) else { continue }
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

    /// Whether strings of these lengths can be `minimum` similar at all (the length difference alone costs edits).
    private static func lengthsAllow(_ a: Int, _ b: Int, _ minimum: Float) -> Bool {
        Float(abs(a - b)) <= (1 - minimum) * Float(max(a, b))
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
