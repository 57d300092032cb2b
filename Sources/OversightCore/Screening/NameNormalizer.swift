/// A name reduced to the tokens that identify a party.
public struct NormalizedName: Hashable, Sendable {
    /// Lower-case ASCII tokens in the order of the original name.
    public var tokens: [String]
    /// Words left out because they do not tell parties apart: honorifics and titles ("Mr", "Maulavi",
    /// "General"), legal forms ("LLC", "Joint Stock Company", "OOO") and particles ("al", "bin", "van").
    public var dropped: [String]
    /// The name was written (partly) in a non-Latin script and was transliterated.
    public var transliterated: Bool

    public init(tokens: [String], dropped: [String] = [], transliterated: Bool = false) {
        self.tokens = tokens
        self.dropped = dropped
        self.transliterated = transliterated
    }
}

/// Normalises names for matching: script (transliteration to Latin), case, diacritics, punctuation,
/// honorifics, legal-form words, particles, and the spellings of Arabic compound names ("Abd al-Rahman",
/// "Abdul Rahman", "Abdurrahman" → `abdulrahman`). Token order is kept; the scorer ignores it.
public enum NameNormalizer {
    public static func normalize(_ text: String) -> NormalizedName {
        let ascii = Transliteration.isASCII(text)
        let latin = ascii ? text : Transliteration.toLatinASCII(text)
        let raw = tokenize(latin)
        var dropped: [String] = []
        var tokens = dropLegalForms(raw, dropped: &dropped)
        tokens = dropHonorificsAndParticles(tokens, dropped: &dropped)
        tokens = joinArabicCompounds(tokens)
        if tokens.isEmpty {
            // A name made only of dropped words ("Mullah", "Company Ltd") is still a name: keep it whole.
            return NormalizedName(tokens: raw, dropped: [], transliterated: !ascii)
        }
        return NormalizedName(tokens: tokens, dropped: dropped, transliterated: !ascii)
    }

    /// Splits on anything but letters and digits; apostrophes and full stops join ("O'Brien" → `obrien`,
    /// "J.P." → `jp`), everything else separates ("al-Houthi" → `al houthi`).
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(16)
        func flush() {
            if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x61 && v <= 0x7A || v >= 0x30 && v <= 0x39 {
                current.append(UInt8(v))
            } else if v >= 0x41 && v <= 0x5A {
                current.append(UInt8(v + 0x20))
            } else if v == 0x27 || v == 0x2E || v == 0x60 || v == 0xB4 || v == 0x2019 || v == 0x2018 || v == 0x02BC
                        || v == 0x02BF || v == 0x02BE || v == 0x02B9 {
                continue
            } else if v >= 0x80 && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                // A letter no transform could bring to ASCII: keep it so that equal names still meet.
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    current.append(contentsOf: Array(String(lower).utf8))
                }
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    // MARK: - Word lists

    static let honorifics: Set<String> = [
        "mr", "mrs", "ms", "miss", "mister", "madam", "dr", "doctor", "prof", "professor", "sir", "dame", "lord", "lady",
        "general", "gen", "colonel", "col", "ltcol", "major", "maj", "captain", "capt", "lieutenant", "lt", "sergeant",
        "sgt", "admiral", "adm", "brigadier", "brig", "commander", "cmdr", "marshal", "president", "minister",
        "sheikh", "shaikh", "sheik", "shaykh", "haji", "hajji", "hadji", "alhaj", "alhajj", "mullah", "mulla",
        "maulavi", "mawlawi", "maulvi", "moulavi", "maulana", "mawlana", "qari", "mufti", "hon", "honorable",
        "honourable", "excellency", "rev", "reverend",
    ]

    /// Legal-form words and phrases (as token sequences), longest first. Transliterated Russian forms are
    /// included because lists carry Cyrillic company names.
    static let legalForms: [[String]] = {
        let phrases = [
            "public joint stock company", "closed joint stock company", "open joint stock company", "joint stock company",
            "limited liability company", "limited liability partnership", "limited partnership", "public limited company",
            "private limited company", "company limited", "obshchestvo s ogranichennoy otvetstvennostyu",
            "publichnoye aktsionernoye obshchestvo", "zakrytoye aktsionernoye obshchestvo",
            "otkrytoye aktsionernoye obshchestvo", "aktsionernoye obshchestvo", "sociedad anonima", "societe anonyme",
            "sp z o o", "s a", "s r l", "s p a", "b v", "n v",
            "llc", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "plc", "gmbh", "mbh",
            "ag", "kg", "sa", "sarl", "sas", "srl", "spa", "bv", "nv", "llp", "lp", "pte", "pty", "pvt", "jsc", "ojsc",
            "cjsc", "pjsc", "ooo", "oao", "zao", "pao", "tov", "fze", "fzco", "fzc", "fzllc", "bhd", "sdn",
        ]
        return phrases.map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }
    }()
    static let legalFormStarts: Set<String> = Set(legalForms.map { $0[0] })

    /// Articles and particles that lists write or leave out at will.
    static let articles: Set<String> = ["al", "el", "ul"]
    static let patronymicParticles: Set<String> = ["bin", "ibn", "bint", "ben", "ould", "wuld"]
    static let westernParticles: Set<String> = ["de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "y"]

    // MARK: - Steps

    static func dropLegalForms(_ tokens: [String], dropped: inout [String]) -> [String] {
        guard tokens.contains(where: { legalFormStarts.contains($0) }) else { return tokens }
        var out: [String] = []
        var i = 0
        outer: while i < tokens.count {
            if legalFormStarts.contains(tokens[i]) {
                for phrase in legalForms where phrase.count <= tokens.count - i && phrase[0] == tokens[i] {
                    if Array(tokens[i..<(i + phrase.count)]) == phrase {
                        dropped.append(phrase.joined(separator: " "))
                        i += phrase.count
                        continue outer
                    }
                }
            }
            out.append(tokens[i])
            i += 1
        }
        return out
    }

    static func dropHonorificsAndParticles(_ tokens: [String], dropped: inout [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        let last = tokens.count - 1
        for (i, token) in tokens.enumerated() {
            let drop: Bool
            if honorifics.contains(token) || articles.contains(token) {
                drop = true
            } else if patronymicParticles.contains(token) {
                // "Ben" is also a given name when it comes first.
                drop = token != "ben" || i > 0
            } else if westernParticles.contains(token) {
                drop = i > 0 && i < last
            } else {
                drop = false
            }
            if drop { dropped.append(token) } else { out.append(token) }
        }
        return out
    }

    /// Prefixes of "servant of …" names, longest first, each rewritten to `abdul`.
    private static let abdPrefixes = ["abdoul", "abdul", "abdel", "abdal", "abdol", "abdil", "abdur", "abdus", "abdi"]
    // Not "abdi" or "abdu": they are also names on their own (Somali, Ethiopian).
    private static let abdWords: Set<String> = ["abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdur", "abdus"]

    /// "Abd al-Rahman", "Abdul Rahman", "Abdel Rahman", "Abdurrahman" → `abdulrahman`: the forms are one name
    /// spelled with and without spaces, and a token-by-token comparison would otherwise split them.
    static func joinArabicCompounds(_ tokens: [String]) -> [String] {
        guard tokens.contains(where: { $0.hasPrefix("abd") }) else { return tokens }
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.hasPrefix("abd") else {
                out.append(token)
                i += 1
                continue
            }
            if abdWords.contains(token) {
                // "Abd" with nothing after it (the name was cut or reordered) is still the same word.
                out.append(i + 1 < tokens.count ? "abdul" + stripAssimilation(tokens[i + 1], after: token) : "abdul")
                i += 2
                continue
            }
            var rewritten: String?
            for prefix in abdPrefixes where token.hasPrefix(prefix) && token.count > prefix.count + 2 {
                let rest = String(token.dropFirst(prefix.count))
                // "Abdurrahman" is "Abd al-Rahman"; "Abdurakhmanov" (one r) is a surname to leave alone.
                if (prefix == "abdur" && !rest.hasPrefix("r")) || (prefix == "abdus" && !rest.hasPrefix("s")) { break }
                rewritten = "abdul" + stripAssimilation(rest, after: prefix)
                break
            }
            out.append(rewritten ?? token)
            i += 1
        }
        return out
    }

    /// "Abdurrahman" → `rahman`, "Abdussalam" → `salam`: the article's assimilated consonant is doubled.
    private static func stripAssimilation(_ rest: String, after prefix: String) -> String {
        if (prefix == "abdur" && rest.hasPrefix("r")) || (prefix == "abdus" && rest.hasPrefix("s")) {
            return rest
        }
        if prefix == "abdur" { return "r" + rest }
        if prefix == "abdus" { return "s" + rest }
        return rest
    }
}
