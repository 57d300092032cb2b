import Foundation

/// The lists, indexed so that a query looks only at names that share a (fuzzy) token with it — never at the
/// whole list.
///
/// Three levels, all flat arrays so that a million names build in seconds and fit in memory:
/// 1. the **vocabulary**: every distinct normalised token, with its weight (rarer tokens say more:
///    1 + ln(entries / entries with the token));
/// 2. **fuzzy keys** over the vocabulary: each token, each token with one letter deleted (so two tokens one
///    edit apart — a typo, a missing, extra or swapped letter — share a key), and the phonetic key; a sorted
///    array of 64-bit hashes searched by bisection;
/// 3. **postings**: for each token, the names that contain it.
///
/// Immutable once built, so one index serves concurrent queries.
public final class CandidateIndex: Sendable {
    public let entries: [ListEntry]

    // Names: one per distinct normalised name of an entry.
    let nameEntry: [UInt32]
    /// Which of the entry's names: the index into `names`, or into `originalScriptNames` with `originalFlag`.
    let nameSource: [UInt32]
    /// Per name: `weakFlag`, `organizationFlag` — what the hot path needs without touching the entry.
    let nameFlags: [UInt8]
    let nameTokenStart: [UInt32]
    let nameTokens: [UInt32]
    /// The names of entry `e` are `entryNameStart[e]..<entryNameStart[e + 1]`.
    let entryNameStart: [UInt32]

    // Vocabulary.
    let tokenIDs: [String: UInt32]
    let tokenBytes: [UInt8]
    let tokenStart: [UInt32]
    let tokenPhonetic: [UInt64]
    let tokenWeight: [Float]
    /// Tokens that look like patronymics ("…ovich", "…ovna"), which lists and documents often leave out.
    let tokenPatronymic: [Bool]
    /// The weight of a token no entry has: as rare as can be.
    let unknownTokenWeight: Float

    // Fuzzy keys, sorted by hash.
    let keyHash: [UInt64]
    let keyToken: [UInt32]

    // Postings: names per token.
    let postingStart: [UInt32]
    let postingNames: [UInt32]

    /// Normalised identifier → entries.
    let identifierEntries: [String: [UInt32]]

    let scratch: ScratchPool

    static let originalFlag: UInt32 = 1 << 31
    static let weakFlag: UInt8 = 1
    static let organizationFlag: UInt8 = 2
    static let deletionSeed: UInt8 = 0x44
    /// Tokens shorter than this get no deletion keys: one edit in two letters is another name.
    static let minimumFuzzyLength = 3

    public var nameCount: Int { nameEntry.count }
    public var vocabularySize: Int { tokenStart.count - 1 }

    public init(entries: [ListEntry]) {
        self.entries = entries
        var tokenIDs: [String: UInt32] = [:]
        var tokenBytes: [UInt8] = []
        var tokenStart: [UInt32] = [0]
        var documentFrequency: [UInt32] = []
        var lastEntryOfToken: [UInt32] = []

        var nameEntry: [UInt32] = []
        var nameSource: [UInt32] = []
        var nameFlags: [UInt8] = []
        var nameTokenStart: [UInt32] = [0]
        var nameTokens: [UInt32] = []
        nameEntry.reserveCapacity(entries.count)
        nameSource.reserveCapacity(entries.count)
        nameTokenStart.reserveCapacity(entries.count + 1)
        nameTokens.reserveCapacity(entries.count * 3)
        var identifiers: [String: [UInt32]] = [:]
        var entryNameStart: [UInt32] = [0]
        entryNameStart.reserveCapacity(entries.count + 1)

        for (entryIndex, entry) in entries.enumerated() {
            let e = UInt32(entryIndex)
            let firstName = nameEntry.count
            let schemaFlag = entry.schema == .organization ? CandidateIndex.organizationFlag : 0
            func add(_ text: String, source: UInt32, weak: Bool) {
                let normalized = NameNormalizer.normalize(text)
                guard !normalized.tokens.isEmpty else { return }
                var ids: [UInt32] = []
                ids.reserveCapacity(normalized.tokens.count)
                for token in normalized.tokens.prefix(Screener.maximumTokens) {
                    let id: UInt32
                    if let known = tokenIDs[token] {
                        id = known
                    } else {
                        id = UInt32(tokenStart.count - 1)
                        tokenIDs[token] = id
                        tokenBytes.append(contentsOf: token.utf8)
                        tokenStart.append(UInt32(tokenBytes.count))
                        documentFrequency.append(0)
                        lastEntryOfToken.append(UInt32.max)
                    }
                    if lastEntryOfToken[Int(id)] != e {
                        lastEntryOfToken[Int(id)] = e
                        documentFrequency[Int(id)] += 1
                    }
                    ids.append(id)
                }
                // The same tokens in the same order under another spelling of the name add nothing.
                var start = Int(nameTokenStart[firstName])
                for name in firstName..<nameEntry.count {
                    let end = Int(nameTokenStart[name + 1])
                    if nameTokens[start..<end].elementsEqual(ids) { return }
                    start = end
                }
                nameEntry.append(e)
                nameSource.append(source)
                nameFlags.append(schemaFlag | (weak ? CandidateIndex.weakFlag : 0))
                nameTokens.append(contentsOf: ids)
                nameTokenStart.append(UInt32(nameTokens.count))
            }
            for (i, name) in entry.names.enumerated() { add(name.text, source: UInt32(i), weak: name.quality == .weak) }
            for (i, name) in entry.originalScriptNames.enumerated() { add(name, source: UInt32(i) | CandidateIndex.originalFlag, weak: false) }
            for identifier in entry.identifiers {
                let number = identifier.normalizedNumber
                if number.count >= 4 { identifiers[number, default: []].append(e) }
            }
            entryNameStart.append(UInt32(nameEntry.count))
        }

        let vocabulary = tokenStart.count - 1
        let entryCount = Float(max(entries.count, 1))
        tokenWeight = documentFrequency.map { 1 + log(entryCount / Float(max($0, 1))) }
        unknownTokenWeight = 1 + log(entryCount)

        // Postings, in compressed-row form.
        var counts = [UInt32](repeating: 0, count: vocabulary + 1)
        for name in 0..<nameEntry.count {
            let range = Int(nameTokenStart[name])..<Int(nameTokenStart[name + 1])
            for (k, token) in nameTokens[range].enumerated() where !nameTokens[range.lowerBound..<(range.lowerBound + k)].contains(token) {
                counts[Int(token) + 1] += 1
            }
        }
        for i in 0..<vocabulary { counts[i + 1] += counts[i] }
        var fill = counts
        var postings = [UInt32](repeating: 0, count: Int(counts[vocabulary]))
        for name in 0..<nameEntry.count {
            let range = Int(nameTokenStart[name])..<Int(nameTokenStart[name + 1])
            for (k, token) in nameTokens[range].enumerated() where !nameTokens[range.lowerBound..<(range.lowerBound + k)].contains(token) {
                postings[Int(fill[Int(token)])] = UInt32(name)
                fill[Int(token)] += 1
            }
        }

        // Fuzzy keys.
        var phonetic = [UInt64](repeating: 0, count: vocabulary)
        var keys: [(hash: UInt64, token: UInt32)] = []
        keys.reserveCapacity(vocabulary * 9)
        tokenBytes.withUnsafeBufferPointer { all in
            for token in 0..<vocabulary {
                let bytes = UnsafeBufferPointer(rebasing: all[Int(tokenStart[token])..<Int(tokenStart[token + 1])])
                let p = TokenSimilarity.phoneticHash(bytes)
                phonetic[token] = p
                if p != 0 { keys.append((p, UInt32(token))) }
                CandidateIndex.forEachDeletionKey(of: bytes) { keys.append(($0, UInt32(token))) }
            }
        }
        keys.sort { $0.hash < $1.hash || ($0.hash == $1.hash && $0.token < $1.token) }

        self.nameEntry = nameEntry
        self.nameSource = nameSource
        self.nameFlags = nameFlags
        self.nameTokenStart = nameTokenStart
        self.nameTokens = nameTokens
        self.entryNameStart = entryNameStart
        self.tokenIDs = tokenIDs
        self.tokenBytes = tokenBytes
        self.tokenStart = tokenStart
        self.tokenPhonetic = phonetic
        self.tokenPatronymic = (0..<vocabulary).map { Scorer.isPatronymic(tokenBytes[Int(tokenStart[$0])..<Int(tokenStart[$0 + 1])]) }
        self.keyHash = keys.map(\.hash)
        self.keyToken = keys.map(\.token)
        self.postingStart = counts
        self.postingNames = postings
        self.identifierEntries = identifiers
        self.scratch = ScratchPool(names: nameEntry.count, vocabulary: vocabulary)
    }

    /// The key of the token itself (two letters or more) and of the token with each letter deleted in turn
    /// (three letters or more).
    static func forEachDeletionKey(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        guard bytes.count >= 2 else { return }
        body(TokenSimilarity.fnv1a(bytes, seed: deletionSeed))
        guard bytes.count >= minimumFuzzyLength else { return }
        var previous: UInt8 = 0
        for skip in 0..<bytes.count {
            // Deleting either letter of a double gives the same string.
            if skip > 0 && bytes[skip] == previous { continue }
            previous = bytes[skip]
            var hash: UInt64 = 0xcbf29ce484222325
            hash = (hash ^ UInt64(deletionSeed)) &* 0x100000001b3
            for (i, byte) in bytes.enumerated() where i != skip { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
            body(hash == 0 ? 1 : hash)
        }
    }

    // MARK: - Lookups

    /// The vocabulary tokens like `token`, with how alike they are, best first; at most `limit`, none below `floor`.
    func vocabularyMatches(for token: [UInt8], floor: Float, limit: Int = 48, phonetic usePhonetic: Bool = true) -> [(token: UInt32, comparison: TokenComparison)] {
        var seen = Set<UInt32>()
        var found: [(token: UInt32, comparison: TokenComparison)] = []
        let phonetic = usePhonetic ? TokenSimilarity.phoneticHash(token) : 0
        token.withUnsafeBufferPointer { query in
            tokenBytes.withUnsafeBufferPointer { all in
                func consider(_ id: UInt32) {
                    guard seen.insert(id).inserted else { return }
                    let bytes = UnsafeBufferPointer(rebasing: all[Int(tokenStart[Int(id)])..<Int(tokenStart[Int(id) + 1])])
                    let comparison = TokenSimilarity.compare(query, bytes, phoneticA: phonetic, phoneticB: tokenPhonetic[Int(id)], bounded: true)
                    if comparison.similarity >= floor { found.append((id, comparison)) }
                }
                if let exact = tokenIDs[String(decoding: token, as: UTF8.self)] { consider(exact) }
                if phonetic != 0 { forEachToken(withKey: phonetic, consider) }
                CandidateIndex.forEachDeletionKey(of: query) { forEachToken(withKey: $0, consider) }
            }
        }
        found.sort { $0.comparison.similarity > $1.comparison.similarity || ($0.comparison.similarity == $1.comparison.similarity && $0.token < $1.token) }
        if found.count > limit { found.removeLast(found.count - limit) }
        return found
    }

    private func forEachToken(withKey hash: UInt64, _ body: (UInt32) -> Void) {
        var low = 0, high = keyHash.count
        while low < high {
            let mid = (low + high) / 2
            if keyHash[mid] < hash { low = mid + 1 } else { high = mid }
        }
        while low < keyHash.count && keyHash[low] == hash {
            body(keyToken[low])
            low += 1
        }
    }

    func token(_ id: UInt32) -> String {
        String(decoding: tokenBytes[Int(tokenStart[Int(id)])..<Int(tokenStart[Int(id) + 1])], as: UTF8.self)
    }

    func tokenBytes(_ id: UInt32) -> ArraySlice<UInt8> {
        tokenBytes[Int(tokenStart[Int(id)])..<Int(tokenStart[Int(id) + 1])]
    }

    func tokenLength(_ id: UInt32) -> Int {
        Int(tokenStart[Int(id) + 1] - tokenStart[Int(id)])
    }

    func tokens(ofName name: Int) -> ArraySlice<UInt32> {
        nameTokens[Int(nameTokenStart[name])..<Int(nameTokenStart[name + 1])]
    }

    func names(ofEntry entry: UInt32) -> Range<Int> {
        Int(entryNameStart[Int(entry)])..<Int(entryNameStart[Int(entry) + 1])
    }

    func postings(of token: UInt32) -> ArraySlice<UInt32> {
        postingNames[Int(postingStart[Int(token)])..<Int(postingStart[Int(token) + 1])]
    }

    /// The text and kind of a name, as the list gives it.
    func nameText(_ name: Int) -> (text: String, kind: MatchedNameKind) {
        let entry = entries[Int(nameEntry[name])]
        let source = nameSource[name]
        if source & CandidateIndex.originalFlag != 0 {
            return (entry.originalScriptNames[Int(source & ~CandidateIndex.originalFlag)], .originalScript)
        }
        let listName = entry.names[Int(source)]
        return (listName.text, listName.quality == .weak ? .weakAlias : .name)
    }

    /// Entries with this identifier (normalised).
    func entries(withIdentifier number: String) -> [UInt32] {
        identifierEntries[PartyIdentifier.normalize(number)] ?? []
    }

    /// The weight of a known token.
    public func weight(ofToken token: String) -> Float? {
        tokenIDs[token].map { tokenWeight[Int($0)] }
    }
}

/// Per-query work arrays (one slot per name), reused across queries so that a query costs what it touches,
/// not what the index holds. Checked out under a lock; a query never shares one.
final class ScratchPool: @unchecked Sendable {
    final class Scratch {
        /// Σ weight × similarity of the query tokens matched so far, per name.
        var estimate: [Float]
        /// Σ weight of the query tokens matched so far, per name.
        var matchedWeight: [Float]
        /// `query << positionBits | position` of the last query token that touched the name.
        var stamp: [UInt32]
        /// Per vocabulary token: the stamp of the query token it is a like of, and weight × similarity.
        var vocabularyStamp: [UInt32]
        var vocabularyGain: [Float]
        var touched: [UInt32] = []
        var query: UInt32 = 0

        init(names: Int, vocabulary: Int) {
            estimate = [Float](repeating: 0, count: names)
            matchedWeight = [Float](repeating: 0, count: names)
            stamp = [UInt32](repeating: 0, count: names)
            vocabularyStamp = [UInt32](repeating: 0, count: vocabulary)
            vocabularyGain = [Float](repeating: 0, count: vocabulary)
        }

        /// Starts a query: a new stamp generation, nothing touched.
        func begin() {
            query += 1
            if query >= (1 << 26) {
                query = 1
                for i in stamp.indices { stamp[i] = 0 }
                for i in vocabularyStamp.indices { vocabularyStamp[i] = 0 }
            }
            touched.removeAll(keepingCapacity: true)
        }

        /// Clears what the query touched.
        func end() {
            for name in touched {
                estimate[Int(name)] = 0
                matchedWeight[Int(name)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
    }

    /// Bits of a stamp that number the query token (up to 63 tokens and joined pairs per query).
    static let positionBits: UInt32 = 6

    private let names: Int
    private let vocabulary: Int
    private let lock = NSLock()
    private var free: [Scratch] = []

    init(names: Int, vocabulary: Int) {
        self.names = names
        self.vocabulary = vocabulary
    }

    func with<T>(_ body: (Scratch) -> T) -> T {
        lock.lock()
        let scratch = free.popLast() ?? Scratch(names: names, vocabulary: vocabulary)
        lock.unlock()
        scratch.begin()
        let result = body(scratch)
        scratch.end()
        lock.lock()
        if free.count < 8 { free.append(scratch) }
        lock.unlock()
        return result
    }
}
