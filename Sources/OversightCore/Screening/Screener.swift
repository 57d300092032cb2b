import Foundation

/// Screens parties against the loaded lists: candidate lookup in the index, scoring with explanations,
/// the threshold, and the standing "not a match" decisions.
///
/// A value type over a shared immutable index: copies with other decisions or settings are cheap, and one
/// screener serves concurrent queries.
public struct Screener: PartyScreening {
    public let index: CandidateIndex
    public var configuration: ScreeningConfiguration
    public var decisions: DecisionBook

    /// Names longer than this many tokens are cut (no real name has more; it bounds the work per query).
    public static let maximumTokens = 24

    public init(entries: [ListEntry], configuration: ScreeningConfiguration = .init(), decisions: DecisionBook = .init()) {
        self.init(index: CandidateIndex(entries: entries), configuration: configuration, decisions: decisions)
    }

    public init(index: CandidateIndex, configuration: ScreeningConfiguration = .init(), decisions: DecisionBook = .init()) {
        self.index = index
        self.configuration = configuration
        self.decisions = decisions
    }

    /// This screener with other standing decisions (the index is shared).
    public func with(decisions: DecisionBook) -> Screener {
        Screener(index: index, configuration: configuration, decisions: decisions)
    }

    public func screen(_ query: ScreeningQuery) -> [ScreeningHit] { evaluate(query).hits }

    /// The hits to review and those already dismissed for this party.
    public func evaluate(_ query: ScreeningQuery) -> ScreeningResult {
        let threshold = query.threshold ?? configuration.threshold
        let limit = max(1, query.limit ?? configuration.limit)
        var hits: [ScreeningHit] = []
        var dismissed: [DismissedHit] = []
        let partyKey = query.partyKey
        for var hit in scoredHits(query, threshold: threshold) {
            if !decisions.isEmpty, let decision = decisions.decision(partyKey: partyKey, entryKey: hit.entryKey),
               decision.verdict == .notAMatch {
                if decision.entryDigest == hit.entry.digest {
                    dismissed.append(DismissedHit(hit: hit, decision: decision))
                    continue
                }
                hit.supersededDecision = decision
            }
            if hits.count < limit { hits.append(hit) }
        }
        return ScreeningResult(query: query, threshold: threshold, hits: hits, dismissed: dismissed)
    }

    /// The best-scoring entry for the query if it scores at least `floor`, whether or not it reaches the
    /// threshold, ignoring decisions (for batch reports that show the nearest candidate).
    public func best(_ query: ScreeningQuery, floor: Double) -> ScreeningHit? {
        scoredHits(query, threshold: floor).first
    }

    // MARK: - Scoring

    /// The same hits as `screen`, found by scoring every name in the index instead of looking candidates up:
    /// slow, for checking that the candidate lookup loses nothing (decisions are ignored).
    public func screenExhaustively(_ query: ScreeningQuery) -> [ScreeningHit] {
        Array(scoredHits(query, threshold: query.threshold ?? configuration.threshold, exhaustive: true)
            .prefix(max(1, query.limit ?? configuration.limit)))
    }

    /// Every entry scoring at least `threshold`, best first (ties by list and id).
    func scoredHits(_ query: ScreeningQuery, threshold: Double, exhaustive: Bool = false) -> [ScreeningHit] {
        let normalized = NameNormalizer.normalize(query.name)
        var (tokens, ignored) = prepare(normalized.tokens.prefix(Screener.maximumTokens))
        ignored = normalized.dropped + ignored
        let identifierEntries = Set(query.identifiers.flatMap { index.entries(withIdentifier: $0) })
        guard !tokens.isEmpty || !identifierEntries.isEmpty else { return [] }
        let bonus = Scorer.maximumBonus(query, configuration: configuration)
        let nameFloor = threshold - bonus
        let identifierBonus = configuration.identifierWeight

        // Best name per entry.
        var best: [UInt32: (score: Double, name: Int, alignment: NameAlignment)] = [:]
        let wantedSchemaFlag: UInt8? = query.schema.map { $0 == .organization ? CandidateIndex.organizationFlag : 0 }
        func consider(name: Int, floor: Double) {
            let flags = index.nameFlags[name]
            if let wantedSchemaFlag, flags & CandidateIndex.organizationFlag != wantedSchemaFlag { return }
            let entry = index.nameEntry[name]
            let penalty = flags & CandidateIndex.weakFlag != 0 ? configuration.weakAliasPenalty : 0
            guard let alignment = Scorer.align(tokens, listTokens: index.tokens(ofName: name), index: index,
                                               configuration: configuration, floor: floor + penalty) else { return }
            let score = alignment.score - penalty
            if let current = best[entry], current.score >= score { return }
            best[entry] = (score, name, alignment)
        }

        if exhaustive {
            for name in 0..<index.nameCount { consider(name: name, floor: nameFloor - 1e-6) }
        } else if !tokens.isEmpty {
            index.scratch.with { scratch in
                // Heaviest tokens first; every possible hit shares a like of one of the first `prefix` of them.
                let order = tokens.indices.filter { !tokens[$0].isInitial }.sorted { tokens[$0].weight > tokens[$1].weight }
                let initialWeight = tokens.filter(\.isInitial).reduce(Float(0)) { $0 + $1.weight }
                let lookedUpWeight = order.reduce(Float(0)) { $0 + tokens[$1].weight }
                let prefix = prefixLength(order.map { tokens[$0].weight }, total: lookedUpWeight + initialWeight, nameFloor: nameFloor)
                collectCandidates(tokens, order: order, prefix: prefix, scratch: scratch)
                collectJoinedCandidates(tokens, scratch: scratch)
                for position in prefix..<order.count {
                    addMatches(of: tokens[order[position]], position: position + 1, scratch: scratch)
                }
                // A name's score is at most estimate / (estimate + αq · the weight of query tokens it has no like
                // of) — initials counted as matched; the least discount a missing patronymic could get.
                let discount: Float = tokens.contains(where: \.isPatronymic) ? Scorer.patronymicDiscount : 1
                let unmatched = Float(configuration.unmatchedQueryPenalty) * discount
                for name in scratch.touched {
                    let estimate = scratch.estimate[Int(name)] + initialWeight
                    let missing = max(0, lookedUpWeight - scratch.matchedWeight[Int(name)])
                    let bound = estimate / max(estimate + unmatched * missing, .leastNonzeroMagnitude)
                    if Double(bound) >= nameFloor - 1e-6 { consider(name: Int(name), floor: nameFloor - 1e-6) }
                }
            }
        }
        for entry in identifierEntries where best[entry] == nil || best[entry]!.score + bonus + identifierBonus < threshold {
            for name in index.names(ofEntry: entry) { consider(name: name, floor: nameFloor - identifierBonus - 1e-6) }
        }

        var hits: [ScreeningHit] = []
        for (entryIndex, candidate) in best {
            let hasIdentifier = identifierEntries.contains(entryIndex)
            guard candidate.score + bonus + (hasIdentifier ? identifierBonus : 0) >= threshold - 1e-9 else { continue }
            let entry = index.entries[Int(entryIndex)]
            let (listName, kind) = index.nameText(candidate.name)
            var features = [Scorer.nameFeature(candidate.alignment, query: tokens, listTokens: index.tokens(ofName: candidate.name),
                                               listName: listName, kind: kind, ignored: ignored, index: index)]
            features += Scorer.qualifiers(query, entry: entry, matchedKind: kind, configuration: configuration)
            let total = features.reduce(0) { $0 + $1.contribution }
            let score = min(1, max(0, total))
            guard score >= threshold - 1e-9 else { continue }
            hits.append(ScreeningHit(entry: entry, score: score, matchedName: listName, matchedNameKind: kind, features: features))
        }
        hits.sort { $0.score > $1.score || ($0.score == $1.score && $0.entryKey < $1.entryKey) }
        return hits
    }

    /// Query tokens with their weights and their likes in the vocabulary, and the tokens left out: misspelt
    /// titles ("Hajfi" for "Hajji") that resemble nothing on the lists.
    func prepare(_ texts: ArraySlice<String>) -> (tokens: [QueryToken], ignored: [String]) {
        let floor = Float(configuration.tokenFloor)
        var ignored: [String] = []
        let tokens: [QueryToken] = texts.compactMap { text in
            let bytes = Array(text.utf8)
            if bytes.count == 1 {
                return QueryToken(text: text, bytes: bytes, weight: 1, matches: [:], ranked: [])
            }
            let ranked = index.vocabularyMatches(for: bytes, floor: floor)
            if texts.count > 1, bytes.count >= 3, (ranked.first?.comparison.similarity ?? 0) < 0.75,
               NameNormalizer.honorifics.contains(where: { $0.count >= 4 && TokenSimilarity.osaDistance($0, text) == 1 }) {
                ignored.append(text)
                return nil
            }
            var matches: [UInt32: TokenComparison] = [:]
            matches.reserveCapacity(ranked.count)
            for match in ranked { matches[match.token] = match.comparison }
            // A token the lists have: its own weight. A near spelling of a known token: that token's weight, so
            // a typo in a common name does not make it rare. Otherwise as rare as can be.
            let weight: Float
            if let exact = ranked.first, exact.comparison.reason == .exact {
                weight = index.tokenWeight[Int(exact.token)]
            } else if let near = ranked.first, near.comparison.similarity >= 0.75 {
                weight = index.tokenWeight[Int(near.token)]
            } else {
                weight = index.unknownTokenWeight
            }
            return QueryToken(text: text, bytes: bytes, weight: weight, matches: matches, ranked: ranked)
        }
        return (tokens, ignored)
    }

    /// How many of the heaviest query tokens (weights in decreasing order) every possible hit must share a like
    /// of: a name matching none of the first k scores at most rest / (rest + αq · prefix), which is then
    /// below the floor.
    private func prefixLength(_ weights: [Float], total: Float, nameFloor: Double) -> Int {
        let unmatched = Float(configuration.unmatchedQueryPenalty)
        var prefix: Float = 0
        for (k, weight) in weights.enumerated() {
            prefix += weight
            let rest = total - prefix
            if Double(rest / max(rest + unmatched * prefix, .leastNonzeroMagnitude)) < nameFloor { return k + 1 }
        }
        return weights.count
    }

    /// Walks the postings of the prefix tokens' likes, summing per name the weight × similarity of the best
    /// like of each query token (`estimate`) and the weight of the tokens matched (`matchedWeight`).
    private func collectCandidates(_ tokens: [QueryToken], order: [Int], prefix: Int, scratch: ScratchPool.Scratch) {
        let base = scratch.query << ScratchPool.positionBits
        for position in 0..<prefix {
            let token = tokens[order[position]]
            let stamp = base | UInt32(position + 1)
            for match in token.ranked {
                let gain = token.weight * match.comparison.similarity
                for name in index.postings(of: match.token) {
                    let n = Int(name)
                    let previous = scratch.stamp[n]
                    if previous == stamp { continue }
                    if previous >> ScratchPool.positionBits != scratch.query { scratch.touched.append(name) }
                    scratch.stamp[n] = stamp
                    scratch.estimate[n] += gain
                    scratch.matchedWeight[n] += token.weight
                }
            }
        }
    }

    /// Adds a token outside the prefix to the estimates of the names already found, by looking at their
    /// tokens (not at the token's postings, which may be long: the prefix holds the rare tokens).
    private func addMatches(of token: QueryToken, position: Int, scratch: ScratchPool.Scratch) {
        guard !token.ranked.isEmpty, !scratch.touched.isEmpty else { return }
        let stamp = scratch.query << ScratchPool.positionBits | UInt32(position)
        for match in token.ranked {
            scratch.vocabularyStamp[Int(match.token)] = stamp
            scratch.vocabularyGain[Int(match.token)] = token.weight * match.comparison.similarity
        }
        for name in scratch.touched {
            var best: Float = 0
            for listToken in index.tokens(ofName: Int(name)) where scratch.vocabularyStamp[Int(listToken)] == stamp {
                best = max(best, scratch.vocabularyGain[Int(listToken)])
            }
            if best > 0 {
                scratch.estimate[Int(name)] += best
                scratch.matchedWeight[Int(name)] += token.weight
            }
        }
    }

    /// Two neighbouring query tokens written together ("Adbul Manan" against "Abdulmanan", "Rehman Abdur"
    /// against "Abdurrehman"): the pair joined (in both orders) is looked up as one token, so such names are
    /// found even though no token is shared; and a query token unknown to the lists that splits into two
    /// known tokens finds the names that have both.
    private func collectJoinedCandidates(_ tokens: [QueryToken], scratch: ScratchPool.Scratch) {
        var position = Screener.maximumTokens
        let base = scratch.query << ScratchPool.positionBits
        // The other way round: one query token that a list writes as two ("Wonho" / "Won Ho").
        for token in tokens where token.bytes.count >= 4 && (token.ranked.first?.comparison.similarity ?? 0) < 0.8 {
            for cut in 2...(token.bytes.count - 2) {
                guard let left = index.tokenIDs[String(decoding: token.bytes[..<cut], as: UTF8.self)],
                      let right = index.tokenIDs[String(decoding: token.bytes[cut...], as: UTF8.self)] else { continue }
                position += 1
                guard position < (1 << ScratchPool.positionBits) else { return }
                let stamp = base | UInt32(position)
                let (walk, other) = index.postings(of: left).count <= index.postings(of: right).count ? (left, right) : (right, left)
                for name in index.postings(of: walk) where index.tokens(ofName: Int(name)).contains(other) {
                    let n = Int(name)
                    let previous = scratch.stamp[n]
                    if previous == stamp { continue }
                    if previous >> ScratchPool.positionBits != scratch.query { scratch.touched.append(name) }
                    scratch.stamp[n] = stamp
                    scratch.estimate[n] += token.weight
                    scratch.matchedWeight[n] += token.weight
                }
            }
        }
        guard tokens.count >= 2 else { return }
        let floor = Float(0.8)
        for i in 0..<(tokens.count - 1) {
            let a = tokens[i], b = tokens[i + 1]
            guard !a.isInitial, !b.isInitial, a.bytes.count + b.bytes.count >= 6 else { continue }
            for joined in [a.bytes + b.bytes, b.bytes + a.bytes] {
                position += 1
                guard position < (1 << ScratchPool.positionBits) else { return }
                let stamp = base | UInt32(position)
                let weight = a.weight + b.weight
                for match in index.vocabularyMatches(for: joined, floor: floor, limit: 8, phonetic: false) {
                    let gain = weight * match.comparison.similarity
                    for name in index.postings(of: match.token) {
                        let n = Int(name)
                        let previous = scratch.stamp[n]
                        if previous == stamp { continue }
                        if previous >> ScratchPool.positionBits != scratch.query { scratch.touched.append(name) }
                        scratch.stamp[n] = stamp
                        scratch.estimate[n] += gain
                        scratch.matchedWeight[n] += weight
                    }
                }
            }
        }
    }
}
