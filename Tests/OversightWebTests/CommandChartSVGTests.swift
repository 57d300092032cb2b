import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversightApp
import OversightCore
import OversightWeb
import Testing

/// The SVG command chart on small synthetic chains.
@Suite struct CommandChartSVGTests {
    static let day = Day("2023-01-09")!

    static func range(_ start: String, _ end: String?, endIsReal: Bool = true, precise: Bool = true) -> DateRange {
        DateRange(start: PartialDate(start), startIsReal: true, end: end.flatMap { PartialDate($0) }, endIsReal: endIsReal, precise: precise)
    }

    static func index(_ records: [Record]) -> CommandIndex {
        let source = Source(id: "src:s", title: "S", publisher: "P", published: PartialDate("2020-01-01")!)
        return CommandIndex(snapshot: EvidenceSnapshot(records: [.source(source)] + records))
    }

    /// A station under a police force (under a ministry), a member of a task force; the force's command
    /// contested between two people, one of them with `<&>` in the name.
    static var chain: CommandChain {
        let always = range("2000-01-01", "2030-12-31")
        let index = Self.index([
            .unit(Unit(id: "unit:station", name: "Station <North> & \"South\"")),
            .unit(Unit(id: "unit:police", name: "Police")),
            .unit(Unit(id: "unit:ministry", name: "Ministry")),
            .unit(Unit(id: "unit:task-force", name: "Task Force")),
            .relation(UnitRelation(id: "relation:1", unit: "unit:station", related: "unit:police", kind: .childOf, range: always)),
            .relation(UnitRelation(id: "relation:2", unit: "unit:police", related: "unit:ministry", kind: .civilianControlOf,
                                   range: range("2022-01-01", "2022-12-31", endIsReal: false))),
            .relation(UnitRelation(id: "relation:3", unit: "unit:station", related: "unit:task-force", kind: .memberOf, range: always)),
            .person(Person(id: "person:a", name: "Ana <A&B> O'Neil")),
            .person(Person(id: "person:b", name: "Beto")),
            .person(Person(id: "person:c", name: "Carla")),
            .posting(Posting(id: "posting:a", person: "person:a", unit: "unit:police", role: .commander, range: always)),
            .posting(Posting(id: "posting:b", person: "person:b", unit: "unit:police", role: .commander,
                             range: range("2022-06-01", "2023-06-01", endIsReal: false, precise: false))),
            .posting(Posting(id: "posting:c", person: "person:c", unit: "unit:task-force", role: .commander, range: always)),
            .claim(Claim(id: "claim:a", subject: "posting:a", status: .contested, citations: [Citation(source: "src:s")])),
            .claim(Claim(id: "claim:b", subject: "posting:b", status: .contested, citations: [Citation(source: "src:s")])),
        ])
        return index.chain(unit: "unit:station", on: day)!
    }

    @Test func isAccessibleWithATitleAndADescriptionInWords() {
        let svg = CommandChartSVG.render(Self.chain)
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="command-chart-title command-chart-desc""#))
        #expect(svg.contains("<title id=\"command-chart-title\">Chain of command above Station &lt;North&gt; &amp; &quot;South&quot; on 2023-01-09</title>"))
        let desc = String(svg.section(from: "<desc id=\"command-chart-desc\">", to: "</desc>"))
        #expect(desc.contains("Level 1: Police, reached by child-of (definite); held by Ana &lt;A&amp;B&gt; O&#39;Neil (definite, contested), Beto (possible, contested), side by side."))
        #expect(desc.contains("Level 2: Ministry, reached by civilian-control-of (possible); holder unknown."))
        #expect(desc.contains("Member chain (Station &lt;North&gt; &amp; &quot;South&quot; is a member of Task Force (definite)):"))
        #expect(desc.contains("Level 0: Task Force; held by Carla (definite)."))
    }

    @Test func escapesEveryTextAndIsWellFormedXML() throws {
        let svg = CommandChartSVG.render(Self.chain)
        #expect(!svg.contains("<A&B>"))
        #expect(!svg.contains("<North>"))
        #expect(svg.contains(">Ana &lt;A&amp;B&gt; O&#39;Neil</text>"))
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { String(describing: $0) } ?? "")")
        #expect(collector.texts.contains("Ana <A&B> O'Neil"), "the parsed text is the name again")
        #expect(collector.elements.first == "svg")
        #expect(collector.elements.contains("title") && collector.elements.contains("desc"))
    }

    @Test func showsHoldersDefiniteOrPossibleContestedSideBySideAndMemberChainsToTheSide() {
        let svg = CommandChartSVG.render(Self.chain)
        for name in ["Ana &lt;A&amp;B&gt; O&#39;Neil", "Beto", "Carla", "Police", "Ministry", "Task Force"] {
            #expect(svg.contains(">\(name)</text>"), "\(name)")
        }
        // Definite: solid border and the word; possible: dashed border and the word.
        #expect(svg.contains(#"<rect class="holder definite contested""#))
        #expect(svg.contains(#"<rect class="holder possible contested""#))
        let possible = String(svg.section(from: #"<rect class="holder possible contested""#, to: "/>"))
        #expect(possible.contains(#"stroke-dasharray="6 4""#))
        let definite = String(svg.section(from: #"<rect class="holder definite contested""#, to: "/>"))
        #expect(!definite.contains("stroke-dasharray"))
        #expect(svg.contains(">possible</text>") && svg.contains(">definite</text>"))
        #expect(svg.contains(">contested</text>"))
        #expect(svg.contains(">holder unknown</text>"))
        // Link labels: kind and presence.
        #expect(svg.contains(">child-of · definite</text>"))
        #expect(svg.contains(">civilian-control-of · possible</text>"))
        // The member chain stands in a second column with its caption.
        #expect(svg.contains(">Station &lt;North&gt; &amp; &quot;South&quot; is a member of Task Force (definite)</text>"))
        let main = svg.ranges(of: "data-unit=\"unit:police\"").count
        #expect(main == 1)
    }

    @Test func isDeterministicAndReportsACycle() throws {
        let chain = Self.chain
        #expect(CommandChartSVG.render(chain) == CommandChartSVG.render(chain))
        let always = Self.range("2000-01-01", "2030-12-31")
        let cyclic = try #require(Self.index([
            .unit(Unit(id: "unit:a", name: "A")), .unit(Unit(id: "unit:b", name: "B")),
            .relation(UnitRelation(id: "relation:ab", unit: "unit:a", related: "unit:b", kind: .childOf, range: always)),
            .relation(UnitRelation(id: "relation:ba", unit: "unit:b", related: "unit:a", kind: .childOf, range: always)),
        ]).chain(unit: "unit:a", on: Self.day))
        let svg = CommandChartSVG.render(cyclic, idPrefix: "chart 2")
        #expect(svg.contains(">Cycle in the relations: A → B → A; the chain stops there.</text>"))
        #expect(svg.contains("The relations form a cycle (A → B → A)"))
        #expect(svg.contains(#"aria-labelledby="chart-2-title chart-2-desc""#), "ids made safe")
    }
}

/// Collects element names and text from an XML document.
final class TextCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
    var elements: [String] = []
    var texts: [String] = []
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        elements.append(elementName)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "text" { texts.append(current) }
        current = ""
    }
}
