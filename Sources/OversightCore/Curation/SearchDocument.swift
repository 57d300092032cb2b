/// What the full-text index holds for one record: its searchable text as written (for snippets) and the
/// filter fields. Every backend indexes the same fields of the same kinds, so a search finds the same records
/// on SQLite and PostgreSQL.
///
/// Indexed: incidents, units and persons (name and aliases; place, description, note and victims), and sources
/// (title; publisher, author and note).
public struct SearchDocument: Hashable, Sendable {
    public var recordID: String
    /// `incident`, `unit`, `person` or `source`.
    public var kind: String
    public var country: String?
    public var firstDay: Int?
    public var lastDay: Int?
    public var violations: [String]
    /// The record's names, weighted above the rest.
    public var name: String
    /// The rest of its searchable text.
    public var body: String

    /// The kinds of entity in the index.
    public static let entityKinds: Set<EntityKind> = [.incident, .unit, .person]

    /// The document of an entity, nil for kinds not searched. `window` is the cited date window as day ordinals.
    public init?(entity: any EvidenceEntity, window: (first: Int, last: Int)?) {
        let kind = type(of: entity).kind
        guard SearchDocument.entityKinds.contains(kind) else { return nil }
        recordID = entity.id
        self.kind = kind.rawValue
        country = entity.countryCode
        firstDay = window?.first
        lastDay = window?.last
        name = ([entity.displayName] + entity.alternativeNames).joined(separator: " ")
        switch entity {
        case let incident as Incident:
            violations = incident.violations
            body = SearchDocument.join([incident.place, incident.description] + incident.victims)
        case let unit as Unit:
            violations = []
            body = SearchDocument.join([unit.note])
        case let person as Person:
            violations = []
            body = SearchDocument.join([person.note])
        default:
            violations = []
            body = ""
        }
    }

    public init(source: Source) {
        recordID = source.id
        kind = "source"
        country = nil
        firstDay = nil
        lastDay = nil
        violations = []
        name = source.title
        body = SearchDocument.join([source.publisher, source.author, source.note])
    }

    private static func join(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The document as a PostgreSQL `tsvector` literal: the folded words of the name (weight A) and of the body
    /// (weight B) with their positions, a gap between the two so that no phrase spans them. Built here rather
    /// than by the server's parser so that folding (case, diacritics) and word splitting are exactly those of
    /// `SearchQuery`, whatever the server's locale or installed extensions.
    public var tsvectorLiteral: String {
        var out = ""
        var position = 0
        func add(_ words: [String], weight: Character) {
            for word in words {
                position += 1
                if !out.isEmpty { out.append(" ") }
                out.append("'\(SearchText.quoted(word))':\(min(position, 16_383))\(weight)")
            }
        }
        add(SearchText.foldedWords(name), weight: "A")
        position += 1
        add(SearchText.foldedWords(body), weight: "B")
        return out
    }
}

/// Word splitting and folding shared by the index and the query: a word is a run of letters and digits, and
/// case and diacritics never matter.
public enum SearchText {
    /// The folded words of `text`, in order.
    public static func foldedWords(_ text: String) -> [String] {
        SearchQuery.words(Substring(text)).flatMap { NameKey.fold($0).split(separator: " ").map(String.init) }
    }

    static func fold(_ word: String) -> String { NameKey.fold(word).replacingOccurrences(of: " ", with: "") }

    /// A word quoted for a `tsvector` or `tsquery` literal.
    static func quoted(_ word: String) -> String {
        word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
    }

    /// A short extract of `name` or `body` (whichever matches more of the query) around the best-matching
    /// words, matched words in `[` `]`, cut ends marked `…`. `width` counts words.
    public static func snippet(name: String, body: String, query: SearchQuery, width: Int = 16) -> String {
        let matcher = SnippetMatcher(query)
        let candidates = [name, body].map { text -> (String, [Range<String.Index>], [Bool]) in
            let ranges = wordRanges(text)
            return (text, ranges, matcher.marks(ranges.map { fold(String(text[$0])) }))
        }
        let best = candidates.max { a, b in a.2.filter { $0 }.count < b.2.filter { $0 }.count } ?? candidates[0]
        let (text, ranges, marks) = best
        guard !ranges.isEmpty else { return "" }
        // The window of `width` words holding the most matches, earliest first.
        var start = 0, bestCount = -1
        var count = 0
        for i in 0..<ranges.count {
            if marks[i] { count += 1 }
            if i >= width, marks[i - width] { count -= 1 }
            let windowStart = max(0, i - width + 1)
            if (i >= width - 1 || i == ranges.count - 1) && count > bestCount {
                bestCount = count
                start = windowStart
            }
        }
        let end = min(ranges.count, start + width)
        var out = start > 0 ? "…" : ""
        var cursor = start > 0 ? ranges[start].lowerBound : text.startIndex
        for i in start..<end {
            out += text[cursor..<ranges[i].lowerBound]
            out += marks[i] ? "[\(text[ranges[i]])]" : String(text[ranges[i]])
            cursor = ranges[i].upperBound
        }
        if end < ranges.count { out += "…" } else { out += text[cursor...] }
        return out
    }

    /// Ranges of the words of `text` (letters, digits and combining marks).
    static func wordRanges(_ text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index? = nil
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            let isWord = text[index].unicodeScalars.contains { s in
                s.properties.isAlphabetic || s.properties.numericType != nil
            }
            if isWord {
                if start == nil { start = index }
            } else if let s = start {
                ranges.append(s..<index)
                start = nil
            }
            index = next
        }
        if let s = start { ranges.append(s..<text.endIndex) }
        return ranges
    }
}

/// Which words of a text a query's included terms match.
struct SnippetMatcher {
    var words: Set<String> = []
    var prefixes: [String] = []
    var phrases: [[String]] = []

    init(_ query: SearchQuery) {
        for clause in query.clauses where !clause.excluded {
            for term in clause.alternatives {
                switch term {
                case .word(let w, let prefix):
                    let folded = SearchText.fold(w)
                    if prefix { prefixes.append(folded) } else { words.insert(folded) }
                case .phrase(let ws):
                    phrases.append(ws.map(SearchText.fold))
                }
            }
        }
    }

    func marks(_ folded: [String]) -> [Bool] {
        var marks = folded.map { word in words.contains(word) || prefixes.contains { word.hasPrefix($0) } }
        for phrase in phrases where !phrase.isEmpty && phrase.count <= folded.count {
            for start in 0...(folded.count - phrase.count) where Array(folded[start..<start + phrase.count]) == phrase {
                for i in start..<start + phrase.count { marks[i] = true }
            }
        }
        return marks
    }
}

extension SearchQuery {
    /// The query as a PostgreSQL `tsquery` literal over the folded words of `SearchDocument.tsvectorLiteral`.
    /// Every word is quoted, so only the operators written here are operators.
    public var tsqueryLiteral: String {
        func render(_ term: Term) -> String? {
            switch term {
            case .word(let w, let prefix):
                let words = SearchText.foldedWords(w)
                guard !words.isEmpty else { return nil }
                // A prefix applies to the last word ("abc-de*" is the phrase abc, de…).
                let body = words.map { "'\(SearchText.quoted($0))'" }.joined(separator: " <-> ") + (prefix ? ":*" : "")
                return words.count == 1 ? body : "(\(body))"
            case .phrase(let ws):
                let words = ws.flatMap(SearchText.foldedWords)
                guard !words.isEmpty else { return nil }
                return "(" + words.map { "'\(SearchText.quoted($0))'" }.joined(separator: " <-> ") + ")"
            }
        }
        func group(_ clause: Clause) -> String? {
            let parts = clause.alternatives.compactMap(render)
            guard !parts.isEmpty else { return nil }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " | ") + ")"
        }
        let included = clauses.filter { !$0.excluded }.compactMap(group)
        let excluded = clauses.filter(\.excluded).compactMap(group).map { "!" + $0 }
        return (included + excluded).joined(separator: " & ")
    }
}
