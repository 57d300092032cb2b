import OversightCore
import Testing

/// The index text and query translation used where the database has no folding of its own (PostgreSQL).
struct SearchTextTests {
    @Test func queriesBecomeQuotedTsqueryTermsWithFoldedWords() throws {
        #expect(try SearchQuery("Víctor Rojas").tsqueryLiteral == "'victor' & 'rojas'")
        #expect(try SearchQuery("Juli*").tsqueryLiteral == "'juli':*")
        #expect(try SearchQuery("\"Policía Nacional\" -ejército").tsqueryLiteral == "('policia' <-> 'nacional') & !'ejercito'")
        #expect(try SearchQuery("rojas OR herrera").tsqueryLiteral == "('rojas' | 'herrera')")
        #expect(try SearchQuery("abc-de").tsqueryLiteral == "('abc' <-> 'de')", "joined words are a phrase, as in the SQLite index")
        // Nothing the user types becomes an operator of the index's syntax.
        #expect(try SearchQuery("o'neil & ! | <-> :*").tsqueryLiteral == "('o' <-> 'neil')")
    }

    @Test func documentsWeightNamesAndLeaveAGapBeforeTheBody() throws {
        let unit = Unit(id: "unit:x", name: "Comisaría Juliaca", aliases: ["DINOES"], country: "PE", note: "Puno región")
        let document = try #require(SearchDocument(entity: unit, window: nil))
        #expect(document.name == "Comisaría Juliaca DINOES" && document.body == "Puno región")
        #expect(document.tsvectorLiteral == "'comisaria':1A 'juliaca':2A 'dinoes':3A 'puno':5B 'region':6B")
        #expect(SearchDocument(entity: Location(id: "location:x", name: "Juliaca", country: "PE"), window: nil) == nil, "locations are not searched")
        let source = Source(id: "src:x", title: "Who called the shots?", publisher: "Amnesty", published: PartialDate("2023")!)
        #expect(SearchDocument(source: source).kind == "source" && SearchDocument(source: source).body == "Amnesty")
    }

    @Test func snippetsQuoteTheTextAsWrittenAndMarkFoldedMatches() throws {
        let query = try SearchQuery("juliaca policia")
        #expect(SearchText.snippet(name: "Comisaría", body: "La Policía disparó en Juliaca.", query: query)
                == "La [Policía] disparó en [Juliaca].")
        let long = (1...40).map { "word\($0)" }.joined(separator: " ") + " Juliaca " + (41...80).map { "word\($0)" }.joined(separator: " ")
        let snippet = SearchText.snippet(name: "x", body: long, query: query, width: 5)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…") && snippet.contains("[Juliaca]"))
        #expect(snippet.split(separator: " ").count == 5)
        #expect(SearchText.snippet(name: "Cuerpo", body: "", query: try SearchQuery("\"la policia\"")) == "Cuerpo", "no match: the start")
        #expect(SearchText.snippet(name: "", body: "vino la policía", query: try SearchQuery("\"la policia\"")) == "vino [la] [policía]")
    }
}
