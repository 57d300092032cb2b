/// How two name tokens compare: a similarity from 0 to 1 and the reason, for the explanation.
public struct TokenComparison: Hashable, Sendable {
    public enum Reason: String, Sendable, Codable {
        /// The same token.
        case exact
        /// A few letters apart (typing errors, spelling variants): similarity 1 − distance / length.
        case spelling
        /// Spelled differently but pronounced alike: the phonetic keys are equal ("Mohammed" / "Muhammad").
        case phonetic
        /// One is an initial of the other ("J" / "John").
        case initial
        /// One token of one name is two tokens of the other ("Abdulaziz" / "Abdul Aziz").
        case joined
    }

    public var similarity: Float
    public var reason: Reason
    /// The edit distance (insertions, deletions, substitutions, swaps of neighbours) for `spelling`.
    public var distance: Int

    public init(similarity: Float, reason: Reason, distance: Int = 0) {
        self.similarity = similarity
        self.reason = reason
        self.distance = distance
    }
}

/// Edit distance, phonetic keys and the token comparison the matcher uses.
public enum TokenSimilarity {
    /// The similarity a phonetic match is worth at least.
    static let phoneticSimilarity: Float = 0.8
    /// The similarity an initial matching a whole token is worth.
    static let initialSimilarity: Float = 0.7

    /// Compares two ASCII tokens (as bytes), given their phonetic keys. With `bounded`, a similarity below 0.5
    /// is only known to be below 0.5 (the edit distance stops early), which is all the matcher needs.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, phoneticA: UInt64, phoneticB: UInt64,
                        bounded: Bool = false) -> TokenComparison {
        if a.count == b.count && a.elementsEqual(b) { return TokenComparison(similarity: 1, reason: .exact) }
        if a.count == 1 || b.count == 1 {
            guard let first = a.first, first == b.first else { return TokenComparison(similarity: 0, reason: .spelling, distance: max(a.count, b.count)) }
            return TokenComparison(similarity: initialSimilarity, reason: .initial)
        }
        let longest = max(a.count, b.count)
        let distance = bounded ? osaDistance(a, b, limit: longest / 2) : osaDistance(a, b)
        let spelling = 1 - Float(distance) / Float(longest)
        if phoneticA != 0 && phoneticA == phoneticB && spelling >= 0.5 && spelling < phoneticSimilarity {
            return TokenComparison(similarity: phoneticSimilarity, reason: .phonetic, distance: distance)
        }
        return TokenComparison(similarity: max(0, spelling), reason: .spelling, distance: distance)
    }

    /// Compares two tokens given as strings.
    public static func compare(_ a: String, _ b: String) -> TokenComparison {
        let x = Array(a.utf8), y = Array(b.utf8)
        let px = phoneticHash(x), py = phoneticHash(y)
        return x.withUnsafeBufferPointer { xa in y.withUnsafeBufferPointer { yb in compare(xa, yb, phoneticA: px, phoneticB: py) } }
    }

    /// Optimal string alignment distance: Levenshtein plus transposition of two neighbouring letters.
    static func osaDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = a.count, m = b.count
        if n == 0 { return m }
        if m == 0 { return n }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { buffer in
            var before = buffer.baseAddress!          // row i - 2
            var previous = before + (m + 1)           // row i - 1
            var current = previous + (m + 1)          // row i
            for j in 0...m { previous[j] = j; before[j] = 0 }
            for i in 1...n {
                current[0] = i
                let ai = a[i - 1]
                for j in 1...m {
                    let cost = ai == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == b[j - 1] {
                        value = min(value, before[j - 2] + 1)
                    }
                    current[j] = value
                }
                let spare = before
                before = previous
                previous = current
                current = spare
            }
            return previous[m]
        }
    }

    /// The distance when it is at most `limit`, otherwise some value above `limit` (computed only as far as needed).
    static func osaDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 || m == 0 { return max(n, m) }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { buffer in
            var before = buffer.baseAddress!
            var previous = before + (m + 1)
            var current = previous + (m + 1)
            for j in 0...m { previous[j] = j; before[j] = 0 }
            for i in 1...n {
                current[0] = i
                var rowMinimum = i
                let ai = a[i - 1]
                for j in 1...m {
                    let cost = ai == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == b[j - 1] {
                        value = min(value, before[j - 2] + 1)
                    }
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                // Every later cell is at least the minimum of this row or the one before (transpositions reach back two).
                if rowMinimum > limit && min(rowMinimum, (0...m).reduce(Int.max) { min($0, previous[$1]) }) > limit { return limit + 1 }
                let spare = before
                before = previous
                previous = current
                current = spare
            }
            return previous[m]
        }
    }

    public static func osaDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        return x.withUnsafeBufferPointer { xa in y.withUnsafeBufferPointer { yb in osaDistance(xa, yb) } }
    }

    /// A consonant skeleton that spelling variants of one transliterated name share: vowels (and `w`, `y`,
    /// which transliterate long vowels) are dropped, digraphs reduced (`kh` → `h`, `sh` → `s`, `ph` → `f`,
    /// `th` → `t`, `dh` → `t`, `zh`/`dj`/`ch` → `j`), close consonants merged (`q c k g` → `k`, `d t` → `t`,
    /// `b p` → `b`, `v f` → `f`, `z s` → `s`), doubles collapsed. "Mohammed", "Muhammad", "Mehmet" → `mhmt`;
    /// "Qadhafi", "Gaddafi" → `ktf`. Empty when the token has fewer than three such letters: short
    /// skeletons say too little.
    public static func phoneticKey(_ token: String) -> String {
        String(decoding: phoneticBytes(Array(token.utf8)), as: UTF8.self)
    }

    static func phoneticBytes(_ t: some RandomAccessCollection<UInt8>) -> [UInt8] {
        let bytes = Array(t)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        func at(_ k: Int) -> UInt8 { k < n ? bytes[k] : 0 }
        while i < n {
            let c = bytes[i], next = at(i + 1)
            var code: UInt8 = 0
            var advance = 1
            switch c {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
                 UInt8(ascii: "y"), UInt8(ascii: "w"):
                code = 0
            case UInt8(ascii: "s"):
                code = UInt8(ascii: "s")
                if next == UInt8(ascii: "h") { advance = 2 } else if next == UInt8(ascii: "c") && at(i + 2) == UInt8(ascii: "h") { advance = 3 }
            case UInt8(ascii: "c"):
                if next == UInt8(ascii: "h") { code = UInt8(ascii: "j"); advance = 2 } else { code = UInt8(ascii: "k") }
            case UInt8(ascii: "t"):
                code = UInt8(ascii: "t")
                if next == UInt8(ascii: "h") { advance = 2 } else if next == UInt8(ascii: "c") && at(i + 2) == UInt8(ascii: "h") { code = UInt8(ascii: "j"); advance = 3 }
            case UInt8(ascii: "d"):
                code = UInt8(ascii: "t")
                if next == UInt8(ascii: "h") { advance = 2 } else if next == UInt8(ascii: "j") { code = UInt8(ascii: "j"); advance = 2 } else if next == UInt8(ascii: "z") && at(i + 2) == UInt8(ascii: "h") { code = UInt8(ascii: "j"); advance = 3 }
            case UInt8(ascii: "k"):
                if next == UInt8(ascii: "h") { code = UInt8(ascii: "h"); advance = 2 } else { code = UInt8(ascii: "k") }
            case UInt8(ascii: "g"):
                code = UInt8(ascii: "k")
                if next == UInt8(ascii: "h") { advance = 2 }
            case UInt8(ascii: "q"):
                code = UInt8(ascii: "k")
            case UInt8(ascii: "p"):
                if next == UInt8(ascii: "h") { code = UInt8(ascii: "f"); advance = 2 } else { code = UInt8(ascii: "b") }
            case UInt8(ascii: "z"):
                if next == UInt8(ascii: "h") { code = UInt8(ascii: "j"); advance = 2 } else { code = UInt8(ascii: "s") }
            case UInt8(ascii: "v"):
                code = UInt8(ascii: "f")
            case UInt8(ascii: "x"):
                if out.last != UInt8(ascii: "k") { out.append(UInt8(ascii: "k")) }
                code = UInt8(ascii: "s")
            default:
                code = c
            }
            if code != 0 && out.last != code { out.append(code) }
            i += advance
        }
        return out.count >= 3 ? out : []
    }

    /// FNV-1a 64 of the phonetic key, or 0 when there is none.
    static func phoneticHash(_ token: some RandomAccessCollection<UInt8>) -> UInt64 {
        let key = phoneticBytes(token)
        return key.isEmpty ? 0 : fnv1a(key, seed: 0x50)
    }

    /// FNV-1a 64, with a namespace byte first so that keys of different kinds never collide by construction.
    static func fnv1a(_ bytes: some Sequence<UInt8>, seed: UInt8) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        hash = (hash ^ UInt64(seed)) &* 0x100000001b3
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash == 0 ? 1 : hash
    }
}
