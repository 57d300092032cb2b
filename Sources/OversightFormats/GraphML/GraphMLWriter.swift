import OversightCore

/// Writes units and their relations as GraphML (http://graphml.graphdrawing.org/), for yEd, Gephi and NetworkX.
///
/// - One `<node>` per unit, `id` = the unit id, with data `node_label` (the name) and `classification`
///   (tags joined with `; `). A relation whose end is not among `units` still gets a node, labelled by its id.
/// - One directed `<edge>` per relation, `source` = the superior (`relation.related`), `target` = the
///   subordinate (`relation.unit`), `id` = the relation id, with data `edge_label` (see `edgeLabel(for:)`),
///   `relation_kind` (`child-of`, `member-of`…) and `relation_class` (when known). Parallel edges are kept,
///   so NetworkX reads a file with several relations between two units as a multigraph.
/// - Nodes sorted by id, edges by relation id; the same input always gives the same bytes.
///
/// yEd shows `node_label`/`edge_label` as labels after Edit → Properties Mapper (map them to "Label text").
public enum GraphMLWriter {
    public static let namespace = "http://graphml.graphdrawing.org/xmlns"

    public static func write(units: [OversightCore.Unit], relations: [UnitRelation], title: String? = nil) -> String {
        var byID: [String: OversightCore.Unit] = [:]
        for unit in units where byID[unit.id] == nil { byID[unit.id] = unit }
        for relation in relations {
            for id in [relation.related, relation.unit] where byID[id] == nil { byID[id] = OversightCore.Unit(id: id, name: id) }
        }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="\(namespace)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="\(namespace) \(namespace)/1.0/graphml.xsd">
              <key id="title" for="graph" attr.name="title" attr.type="string"/>
              <key id="node_label" for="node" attr.name="node_label" attr.type="string"/>
              <key id="classification" for="node" attr.name="classification" attr.type="string"/>
              <key id="edge_label" for="edge" attr.name="edge_label" attr.type="string"/>
              <key id="relation_kind" for="edge" attr.name="relation_kind" attr.type="string"/>
              <key id="relation_class" for="edge" attr.name="relation_class" attr.type="string"/>
              <graph id="G" edgedefault="directed">

            """
        if let title { out += "    <data key=\"title\">\(escape(title))</data>\n" }
        for id in byID.keys.sorted() {
            let unit = byID[id]!
            out += "    <node id=\"\(escape(id))\">\n"
            out += "      <data key=\"node_label\">\(escape(unit.name))</data>\n"
            if !unit.classification.isEmpty {
                out += "      <data key=\"classification\">\(escape(unit.classification.joined(separator: "; ")))</data>\n"
            }
            out += "    </node>\n"
        }
        let sorted = relations.enumerated().sorted { ($0.element.id, $0.offset) < ($1.element.id, $1.offset) }.map(\.element)
        var edgeIDs: Set<String> = []
        for relation in sorted {
            // GraphML ids must be unique within the document; a repeated relation id gets a suffix.
            var edgeID = relation.id
            var n = 1
            while !edgeIDs.insert(edgeID).inserted { n += 1; edgeID = "\(relation.id)#\(n)" }
            out += "    <edge id=\"\(escape(edgeID))\" source=\"\(escape(relation.related))\" target=\"\(escape(relation.unit))\">\n"
            out += "      <data key=\"edge_label\">\(escape(edgeLabel(for: relation.range)))</data>\n"
            out += "      <data key=\"relation_kind\">\(escape(relation.kind.rawValue))</data>\n"
            if let relationClass = relation.relationClass {
                out += "      <data key=\"relation_class\">\(escape(relationClass))</data>\n"
            }
            out += "    </edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    /// The label of a relation's dates: `FIRST[ (start)] – LAST (open|end)[, imprecise]`.
    ///
    /// FIRST and LAST are the first and last cited dates as written (`2010`, `2010-05`, `2010-05-17`), `?` when
    /// not cited. `(start)` marks a first cited date that is the real start; `(end)` a last cited date that is
    /// the real end, and `(open)` one that is not (the relation may continue after it, never "forever").
    /// Example: `2010-05 (start) – 2012-01 (open)`.
    public static func edgeLabel(for range: DateRange) -> String {
        var label = range.start?.description ?? "?"
        if range.startIsReal { label += " (start)" }
        label += " – " + (range.end?.description ?? "?")
        label += range.endIsReal ? " (end)" : " (open)"
        if !range.precise { label += ", imprecise" }
        return label
    }

    /// Escapes text for XML content and attribute values. Characters XML 1.0 cannot carry (most C0 controls)
    /// become U+FFFD; tab, line feed and carriage return are written as character references so attribute
    /// normalisation keeps them.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || "&<>\"'".unicodeScalars.contains($0) || $0.value == 0xFFFE || $0.value == 0xFFFF })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
