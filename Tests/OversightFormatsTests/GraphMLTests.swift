import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import OversightCore
import OversightFormats

struct GraphMLTests {
    static let units = [
        OversightCore.Unit(id: "unit:army", name: "Army & Navy <Joint>", classification: ["army", "command"]),
        OversightCore.Unit(id: "unit:div", name: "1st \"Division\" 'North'"),
        OversightCore.Unit(id: "unit:bde", name: "Brigada Héroes\tdel Cenepa"),
    ]
    static let relations = [
        UnitRelation(id: "rel:2", unit: "unit:bde", related: "unit:div", kind: .childOf, relationClass: "command",
                     range: DateRange(start: PartialDate("2011"), startIsReal: false, end: PartialDate("2015-06-30"), endIsReal: true)),
        UnitRelation(id: "rel:1", unit: "unit:div", related: "unit:army", kind: .childOf,
                     range: DateRange(start: PartialDate("2010-05"), startIsReal: true, end: PartialDate("2012-01"), endIsReal: false)),
        // A second relation between the same two units (a later period) and one to a unit not in the list.
        UnitRelation(id: "rel:3", unit: "unit:div", related: "unit:army", kind: .childOf,
                     range: DateRange(start: nil, end: nil, precise: false)),
        UnitRelation(id: "rel:4", unit: "unit:bde", related: "unit:tf", kind: .memberOf, range: DateRange(start: PartialDate("2014-02"))),
    ]

    var xml: String { GraphMLWriter.write(units: GraphMLTests.units, relations: GraphMLTests.relations, title: "Family of <Army>") }

    @Test func structureKeysNodesAndEdges() {
        let xml = self.xml
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""))
        #expect(xml.contains(#"<key id="node_label" for="node" attr.name="node_label" attr.type="string"/>"#))
        #expect(xml.contains(#"<key id="edge_label" for="edge" attr.name="edge_label" attr.type="string"/>"#))
        #expect(xml.contains(#"<graph id="G" edgedefault="directed">"#))
        #expect(xml.components(separatedBy: "<node ").count - 1 == 4, "three units and the unlisted unit:tf")
        #expect(xml.components(separatedBy: "<edge ").count - 1 == 4)
        #expect(xml.contains(#"<edge id="rel:1" source="unit:army" target="unit:div">"#), "parent → child")
        #expect(xml.contains(#"<node id="unit:tf">"# + "\n" + #"      <data key="node_label">unit:tf</data>"#))
        // Deterministic: nodes by id, edges by relation id.
        let nodeOrder = ["unit:army", "unit:bde", "unit:div", "unit:tf"].map { xml.range(of: "<node id=\"\($0)\"")!.lowerBound }
        #expect(nodeOrder == nodeOrder.sorted())
        let edgeOrder = ["rel:1", "rel:2", "rel:3", "rel:4"].map { xml.range(of: "<edge id=\"\($0)\"")!.lowerBound }
        #expect(edgeOrder == edgeOrder.sorted())
        #expect(xml == GraphMLWriter.write(units: GraphMLTests.units.reversed(), relations: GraphMLTests.relations.reversed(),
                                           title: "Family of <Army>"))
    }

    @Test func edgeLabels() {
        let r = GraphMLTests.relations
        #expect(GraphMLWriter.edgeLabel(for: r[1].range) == "2010-05 (start) – 2012-01 (open)")
        #expect(GraphMLWriter.edgeLabel(for: r[0].range) == "2011 – 2015-06-30 (end)")
        #expect(GraphMLWriter.edgeLabel(for: r[2].range) == "? – ? (open), imprecise")
        #expect(GraphMLWriter.edgeLabel(for: r[3].range) == "2014-02 – ? (open)")
    }

    @Test func escaping() {
        let xml = self.xml
        #expect(xml.contains("<data key=\"node_label\">Army &amp; Navy &lt;Joint&gt;</data>"))
        #expect(xml.contains("1st &quot;Division&quot; &apos;North&apos;"))
        #expect(xml.contains("Brigada Héroes&#9;del Cenepa"))
        #expect(xml.contains("<data key=\"title\">Family of &lt;Army&gt;</data>"))
        #expect(GraphMLWriter.escape("a\u{1}b\nc") == "a\u{FFFD}b&#10;c")
        #expect(GraphMLWriter.escape("plain") == "plain")
    }

    @Test func parsesAsXML() throws {
        let document = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "graphml")
        #expect(root.uri == GraphMLWriter.namespace)
        let labels = try document.nodes(forXPath: "//*[local-name()='node']/*[local-name()='data'][@key='node_label']").map { $0.stringValue ?? "" }
        #expect(labels == ["Army & Navy <Joint>", "Brigada Héroes\tdel Cenepa", "1st \"Division\" 'North'", "unit:tf"])
    }

    static let networkX: Bool = {
        guard let result = try? python(["-c", "import networkx"]) else { return false }
        return result.status == 0
    }()

    static func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test(.enabled(if: GraphMLTests.networkX, "python3 with networkx is not available; skipping the NetworkX load test"))
    func networkXLoadsIt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-graphml-\(UUID().uuidString).graphml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys, networkx as nx
            g = nx.read_graphml(sys.argv[1])
            print(json.dumps({
                "directed": g.is_directed(), "multi": g.is_multigraph(), "title": g.graph.get("title"),
                "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                "labels": {n: d.get("node_label") for n, d in g.nodes(data=True)},
                "edgeLabels": sorted([u, v, d.get("edge_label"), d.get("relation_kind")] for u, v, d in g.edges(data=True)),
            }, sort_keys=True))
            """
        let result = try GraphMLTests.python(["-c", script, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        struct Loaded: Decodable {
            var directed: Bool
            var multi: Bool
            var title: String?
            var nodes: Int
            var edges: Int
            var labels: [String: String]
            var edgeLabels: [[String]]
        }
        let loaded = try JSONDecoder().decode(Loaded.self, from: Data(result.stdout.utf8))
        #expect(loaded.directed)
        #expect(loaded.multi, "two relations between the same units make a multigraph")
        #expect(loaded.title == "Family of <Army>")
        #expect(loaded.nodes == 4)
        #expect(loaded.edges == 4)
        #expect(loaded.labels["unit:army"] == "Army & Navy <Joint>")
        #expect(loaded.labels["unit:bde"] == "Brigada Héroes\tdel Cenepa")
        #expect(loaded.edgeLabels == [
            ["unit:army", "unit:div", "2010-05 (start) – 2012-01 (open)", "child-of"],
            ["unit:army", "unit:div", "? – ? (open), imprecise", "child-of"],
            ["unit:div", "unit:bde", "2011 – 2015-06-30 (end)", "child-of"],
            ["unit:tf", "unit:bde", "2014-02 – ? (open)", "member-of"],
        ])
    }
}
