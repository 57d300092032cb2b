import OversightCore

/// The command chart of a chain as a standalone SVG document: one box per level, from the unit at the bottom
/// to the top of the chain, with the holders of each level's command post inside it and the kind and
/// presence of every link beside the arrow that draws it. Member chains stand to the side.
///
/// Readable without JavaScript or CSS: every style is an attribute. Accessible: `role="img"`, a `<title>`
/// and a `<desc>` that says the whole chain in words. Every text is XML-escaped, and the output depends
/// only on the chain (no clock, no random identifiers), so equal chains give equal bytes.
public enum CommandChartSVG {
    /// The SVG for `chain`. `idPrefix` keeps the ids of the title and description unique on a page.
    public static func render(_ chain: CommandChain, idPrefix: String = "command-chart") -> String {
        let prefix = XML.idSafe(idPrefix)
        let columns = [Column(chain: chain, caption: nil)]
            + chain.memberChains.map { Column(chain: $0, caption: $0.notes.first) }
        let rows = columns.map(\.levels.count).max() ?? 0
        let rowStep = Metrics.levelHeight + Metrics.linkGap
        let top = Metrics.margin + Metrics.headerHeight
        var x = Metrics.margin
        var placed: [(Column, Int)] = []
        for column in columns {
            placed.append((column, x))
            x += column.width + Metrics.columnGap
        }
        let width = max(x - Metrics.columnGap + Metrics.margin, 320)
        let captionHeight = columns.contains { $0.caption != nil } ? Metrics.captionHeight : 0
        var footer: [String] = []
        if let cycle = chain.cycle {
            footer.append("Cycle in the relations: " + cycle.map { name(of: $0, in: chain) }.joined(separator: " → ") + "; the chain stops there.")
        }
        let height = top + rows * rowStep - Metrics.linkGap + captionHeight + footer.count * 18 + Metrics.margin

        var out: [String] = []
        out.append(#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="\#(prefix)-title \#(prefix)-desc" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13">"#)
        out.append(#"<title id="\#(prefix)-title">\#(XML.escape(title(chain)))</title>"#)
        out.append(#"<desc id="\#(prefix)-desc">\#(XML.escape(description(chain)))</desc>"#)
        out.append(#"<defs><marker id="\#(prefix)-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="\#(Palette.ink)"/></marker></defs>"#)
        out.append(#"<rect x="0" y="0" width="\#(width)" height="\#(height)" fill="\#(Palette.holderFill)"/>"#)
        out.append(text(title(chain), x: Metrics.margin, y: Metrics.margin + 14, size: 15, weight: "700"))
        for (column, left) in placed {
            out += column.draw(left: left, top: top, rows: rows, rowStep: rowStep, arrowID: "\(prefix)-arrow")
            if let caption = column.caption {
                let y = top + rows * rowStep - Metrics.linkGap + 18
                out.append(text(caption, x: left, y: y, size: 12, fill: Palette.muted, italic: true))
            }
        }
        for (index, line) in footer.enumerated() {
            out.append(text(line, x: Metrics.margin, y: top + rows * rowStep - Metrics.linkGap + captionHeight + 18 * (index + 1),
                            size: 12, fill: Palette.warn, weight: "700"))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// "Chain of command above Comisaría Sectorial Juliaca on 2023-01-09".
    static func title(_ chain: CommandChain) -> String {
        "Chain of command above \(chain.levels.first?.unit.name ?? chain.unitID) on \(chain.date)"
    }

    /// The chain in words, level by level, for screen readers and for anyone who cannot see the drawing.
    static func description(_ chain: CommandChain) -> String {
        var parts: [String] = []
        let top = chain.levels.last?.unit.name ?? chain.unitID
        parts.append("From \(chain.levels.first?.unit.name ?? chain.unitID) up to \(top) on \(chain.date), \(chain.levels.count) level\(chain.levels.count == 1 ? "" : "s").")
        parts += levelSentences(chain)
        for member in chain.memberChains {
            parts.append("Member chain" + (member.notes.first.map { " (\($0))" } ?? "") + ":")
            parts += levelSentences(member)
        }
        if let cycle = chain.cycle {
            parts.append("The relations form a cycle (" + cycle.map { name(of: $0, in: chain) }.joined(separator: " → ") + "); the chain stops there.")
        }
        return parts.joined(separator: " ")
    }

    private static func levelSentences(_ chain: CommandChain) -> [String] {
        chain.levels.enumerated().map { index, level in
            var sentence = "Level \(index): \(level.unit.name)"
            if let link = level.link {
                sentence += ", reached by \(link.relation.kind.rawValue) (\(link.presence.rawValue)\(link.contested ? ", contested" : ""))"
            }
            if level.holders.isEmpty {
                sentence += "; holder unknown."
            } else {
                let contested = level.holders.contains { $0.contested }
                sentence += "; held by " + level.holders.map { holder in
                    "\(holder.personName) (\(holder.presence.rawValue)\(holder.contested ? ", contested" : ""))"
                }.joined(separator: ", ") + (contested && level.holders.count > 1 ? ", side by side" : "") + "."
            }
            if !level.otherSuperiors.isEmpty {
                sentence += " Also under " + level.otherSuperiors.map { "\(name(of: $0.relation.related, in: chain)) (\($0.relation.kind.rawValue), \($0.presence.rawValue))" }
                    .joined(separator: ", ") + "."
            }
            return sentence
        }
    }

    private static func name(of unitID: String, in chain: CommandChain) -> String {
        chain.levels.first { $0.unit.id == unitID }?.unit.name ?? unitID
    }

    // MARK: - Layout

    enum Metrics {
        static let margin = 20
        static let headerHeight = 34
        static let levelHeight = 92
        static let linkGap = 44
        static let columnGap = 48
        static let captionHeight = 24
        static let holderHeight = 46
        static let holderGap = 10
        static let padding = 10
        static let minimumWidth = 220
        static let contestedLabelWidth = 76
    }

    enum Palette {
        static let ink = "#1a1a1a"
        static let muted = "#555555"
        static let line = "#888888"
        static let warn = "#8a1c0b"
        static let unitFill = "#f4f7fb"
        static let holderFill = "#ffffff"
    }

    /// Rough text width: no font metrics on the server, so a generous average per character.
    static func textWidth(_ text: String, size: Int = 13) -> Int {
        (text.count * size * 62 + 99) / 100
    }

    /// One chain drawn as a column of level boxes, bottom to top.
    struct Column {
        var levels: [ChainLevel]
        var caption: String?
        var width: Int

        init(chain: CommandChain, caption: String?) {
            self.levels = chain.levels
            self.caption = caption
            let widest = chain.levels.map(Column.levelWidth).max() ?? Metrics.minimumWidth
            self.width = max(widest, Metrics.minimumWidth, caption.map { CommandChartSVG.textWidth($0, size: 12) } ?? 0)
        }

        static func holderWidth(_ holder: PostHolder) -> Int {
            max(CommandChartSVG.textWidth(holder.personName, size: 13), CommandChartSVG.textWidth(holderLabel(holder), size: 11)) + 2 * Metrics.padding
        }

        static func holderLabel(_ holder: PostHolder) -> String {
            holder.presence == .definite ? "definite" : "possible"
        }

        static func holdersWidth(_ level: ChainLevel) -> Int {
            if level.holders.isEmpty { return CommandChartSVG.textWidth("holder unknown", size: 12) + 2 * Metrics.padding }
            let boxes = level.holders.map(holderWidth).reduce(0, +) + Metrics.holderGap * (level.holders.count - 1)
            return boxes + (level.holders.contains { $0.contested } ? Metrics.contestedLabelWidth : 0)
        }

        static func levelWidth(_ level: ChainLevel) -> Int {
            max(CommandChartSVG.textWidth(level.unit.name, size: 14) + 2 * Metrics.padding, holdersWidth(level) + 2 * Metrics.padding)
        }

        func draw(left: Int, top: Int, rows: Int, rowStep: Int, arrowID: String) -> [String] {
            var out: [String] = []
            func y(_ index: Int) -> Int { top + (rows - 1 - index) * rowStep }
            for (index, level) in levels.enumerated() {
                let boxY = y(index)
                let contested = level.holders.contains { $0.contested }
                out.append(#"<g class="level" data-unit="\#(XML.escape(level.unit.id))">"#)
                out.append(#"<rect x="\#(left)" y="\#(boxY)" width="\#(width)" height="\#(Metrics.levelHeight)" rx="6" fill="\#(Palette.unitFill)" stroke="\#(contested ? Palette.warn : Palette.line)" stroke-width="1"/>"#)
                out.append(CommandChartSVG.text(level.unit.name, x: left + Metrics.padding, y: boxY + 22, size: 14, weight: "700"))
                var holderX = left + Metrics.padding
                let holderY = boxY + 34
                if level.holders.isEmpty {
                    let w = CommandChartSVG.textWidth("holder unknown", size: 12) + 2 * Metrics.padding
                    out.append(#"<rect x="\#(holderX)" y="\#(holderY)" width="\#(w)" height="\#(Metrics.holderHeight)" rx="4" fill="\#(Palette.holderFill)" stroke="\#(Palette.line)" stroke-width="1" stroke-dasharray="2 3"/>"#)
                    out.append(CommandChartSVG.text("holder unknown", x: holderX + Metrics.padding, y: holderY + 28, size: 12, fill: Palette.muted, italic: true))
                }
                if contested && level.holders.count > 0 {
                    out.append(CommandChartSVG.text("contested", x: holderX, y: holderY + 28, size: 12, fill: Palette.warn, weight: "700"))
                    holderX += Metrics.contestedLabelWidth
                }
                for holder in level.holders {
                    let w = Column.holderWidth(holder)
                    let definite = holder.presence == .definite
                    let stroke = holder.contested ? Palette.warn : Palette.ink
                    let dash = definite ? "" : #" stroke-dasharray="6 4""#
                    out.append(#"<rect class="holder \#(definite ? "definite" : "possible")\#(holder.contested ? " contested" : "")" x="\#(holderX)" y="\#(holderY)" width="\#(w)" height="\#(Metrics.holderHeight)" rx="4" fill="\#(Palette.holderFill)" stroke="\#(stroke)" stroke-width="\#(definite ? "2" : "1.5")"\#(dash)/>"#)
                    out.append(CommandChartSVG.text(holder.personName, x: holderX + Metrics.padding, y: holderY + 19, size: 13, weight: definite ? "600" : "400"))
                    out.append(CommandChartSVG.text(Column.holderLabel(holder), x: holderX + Metrics.padding, y: holderY + 36, size: 11,
                                                    fill: definite ? Palette.ink : Palette.muted, italic: !definite))
                    holderX += w + Metrics.holderGap
                }
                out.append("</g>")
                // The arrow from this level up to the next one, labelled with the link's kind and presence.
                if index + 1 < levels.count, let link = levels[index + 1].link {
                    let x = left + 28
                    let from = boxY
                    let to = y(index + 1) + Metrics.levelHeight
                    let definite = link.presence == .definite
                    let dash = definite ? "" : #" stroke-dasharray="6 4""#
                    out.append(#"<line x1="\#(x)" y1="\#(from)" x2="\#(x)" y2="\#(to + 2)" stroke="\#(link.contested ? Palette.warn : Palette.ink)" stroke-width="1.5"\#(dash) marker-end="url(#\#(arrowID))"/>"#)
                    let label = "\(link.relation.kind.rawValue) · \(link.presence.rawValue)" + (link.contested ? " · contested" : "")
                    out.append(CommandChartSVG.text(label, x: x + 12, y: (from + to) / 2 + 4, size: 12, fill: link.contested ? Palette.warn : Palette.muted))
                }
            }
            return out
        }
    }

    static func text(_ content: String, x: Int, y: Int, size: Int, fill: String = Palette.ink, weight: String? = nil, italic: Bool = false) -> String {
        var attributes = #"x="\#(x)" y="\#(y)" font-size="\#(size)" fill="\#(fill)""#
        if let weight { attributes += #" font-weight="\#(weight)""# }
        if italic { attributes += #" font-style="italic""# }
        return "<text \(attributes)>\(XML.escape(content))</text>"
    }
}

/// XML text and attribute escaping for generated markup.
enum XML {
    /// Escapes the five XML special characters and drops the control characters XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An id made only of letters, digits, `-` and `_`, starting with a letter.
    static func idSafe(_ text: String) -> String {
        let kept = String(text.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSetASCII.isAlphanumeric(scalar) || scalar == "-" || scalar == "_") ? Character(scalar) : "-"
        })
        return kept.first?.isLetter == true ? kept : "c-" + kept
    }
}

private enum CharacterSetASCII {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
