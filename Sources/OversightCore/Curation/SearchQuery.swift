/// A full-text search as people type it, checked and translated for the search index.
///
/// Syntax: words match anywhere (all of them must appear); `"two words"` matches the phrase; a trailing `*`
/// matches a prefix (`Juli*`); `-word` excludes; `OR` between two terms accepts either. Case and diacritics
/// never matter ("Víctor" = "victor"). Everything else (punctuation, operators of the index's own syntax) is
/// treated as a space, so no input can inject index syntax.
public struct SearchQuery: Hashable, Sendable {
    public enum Term: Hashable, Sendable {
        case word(String, prefix: Bool)
        case phrase([String])
    }

    public struct Clause: Hashable, Sendable {
        /// Alternatives: the clause holds when any of them matches.
        public var alternatives: [Term]
        public var excluded: Bool
    }

    public var clauses: [Clause]

    /// Parses `text`; throws when nothing searchable is left or when only exclusions are given.
    public init(_ text: String) throws {
        var clauses: [Clause] = []
        var pendingOr = false
        for token in SearchQuery.tokens(text) {
            if token == "OR" {
                if !clauses.isEmpty { pendingOr = true }
                continue
            }
            var raw = Substring(token)
            var excluded = false
            if raw.hasPrefix("-") { excluded = true; raw = raw.dropFirst() }
            let term: Term
            if raw.hasPrefix("\"") {
                let words = SearchQuery.words(raw.dropFirst().hasSuffix("\"") ? raw.dropFirst().dropLast() : raw.dropFirst())
                guard !words.isEmpty else { continue }
                term = words.count == 1 ? .word(words[0], prefix: false) : .phrase(words)
            } else {
                let prefix = raw.hasSuffix("*")
                let words = SearchQuery.words(prefix ? raw.dropLast() : raw)
                guard !words.isEmpty else { continue }
                term = words.count == 1 ? .word(words[0], prefix: prefix) : .phrase(words)
            }
            if pendingOr, !excluded, var last = clauses.popLast(), !last.excluded {
                last.alternatives.append(term)
                clauses.append(last)
            } else {
                clauses.append(Clause(alternatives: [term], excluded: excluded))
            }
            pendingOr = false
        }
        guard !clauses.isEmpty else {
            throw SearchQueryError("the search has no words: type a name, a place or a word, e.g. Juliaca")
        }
        guard clauses.contains(where: { !$0.excluded }) else {
            throw SearchQueryError("the search only excludes words (-word): add at least one word to look for")
        }
        self.clauses = clauses
    }

    /// The query in SQLite FTS5 syntax: every word quoted, so only the operators written here are operators.
    public var ftsExpression: String {
        func render(_ term: Term) -> String {
            switch term {
            case .word(let w, let prefix): return "\"\(w)\"" + (prefix ? "*" : "")
            case .phrase(let words): return "\"" + words.joined(separator: " ") + "\""
            }
        }
        func group(_ clause: Clause) -> String {
            clause.alternatives.count == 1 ? render(clause.alternatives[0])
                : "(" + clause.alternatives.map(render).joined(separator: " OR ") + ")"
        }
        let included = clauses.filter { !$0.excluded }.map(group).joined(separator: " AND ")
        let excluded = clauses.filter(\.excluded).map(group)
        return excluded.isEmpty ? included : "(\(included)) NOT (" + excluded.joined(separator: " OR ") + ")"
    }

    /// Splits on white space, keeping quoted phrases (with their quotes) together.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inQuotes = false
        for c in text {
            if c == "\"" {
                current.append(c)
                inQuotes.toggle()
                if !inQuotes { tokens.append(current); current = "" }
            } else if c.isWhitespace && !inQuotes {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// The letters-and-digits runs of a text (the index's own notion of a word).
    static func words(_ text: Substring) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.generalCategory == .nonspacingMark {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

public struct SearchQueryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What a search looks in, and the filters that narrow it.
public struct SearchRequest: Hashable, Sendable {
    /// The kinds searched: incidents, units, persons and sources.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case incident, unit, person, source
    }

    public var query: SearchQuery
    /// Nil searches every kind.
    public var kinds: Set<Kind>?
    /// ISO 3166 alpha-2: records of that country (sources have none and are left out by it).
    public var country: String?
    /// Records whose cited dates overlap `from...to` (records without dates are left out by it).
    public var from: Day?
    public var to: Day?
    /// A violation code: incidents of that type.
    public var violation: String?
    public var limit: Int

    public init(query: SearchQuery, kinds: Set<Kind>? = nil, country: String? = nil, from: Day? = nil, to: Day? = nil,
                violation: String? = nil, limit: Int = 50) {
        self.query = query
        self.kinds = kinds
        self.country = country
        self.from = from
        self.to = to
        self.violation = violation
        self.limit = limit
    }
}

/// One record found.
public struct SearchHit: Hashable, Sendable, Codable {
    public var id: String
    /// `incident`, `unit`, `person` or `source`.
    public var kind: String
    public var name: String
    public var country: String?
    public var firstDay: String?
    public var lastDay: String?
    public var violations: [String]
    /// The matching text with the matched words in `[` `]`.
    public var snippet: String

    public init(id: String, kind: String, name: String, country: String?, firstDay: String?, lastDay: String?,
                violations: [String], snippet: String) {
        self.id = id
        self.kind = kind
        self.name = name
        self.country = country
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.violations = violations
        self.snippet = snippet
    }
}
