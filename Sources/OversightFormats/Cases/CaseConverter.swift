import Foundation
import OversightCore

/// Turns a historical decision (`DecisionCase`) into an Oversight bundle and application, mechanically: the same
/// written rules for every case (docs/CASES.md), reading only the case's own fields and the reference data. No case
/// is treated specially; what a rule cannot tell from the text it leaves at the documented default.
public struct CaseConverter: Sendable {
    public let reference: ReferenceData

    public init(reference: ReferenceData = .shared) {
        self.reference = reference
    }

    /// The converted case: its records (a valid bundle) and its application.
    public struct Converted: Sendable {
        public var records: [Record]
        public var application: ExportApplication
        /// What each fact became, in order ("fact 3 (finding) → finding:… (credible-ngo, established)").
        public var log: [String]
    }

    public func convert(_ c: DecisionCase) throws -> Converted {
        guard let decisionDay = Day(c.decisionDate) else {
            throw ValidationError([ValidationIssue(path: "\(c.id).decisionDate", message: "'\(c.decisionDate)' is not a date YYYY-MM-DD")])
        }
        var records: [Record] = []
        var log: [String] = []
        var mitigations: [String] = []
        var coalitions: [String: Coalition] = [:]
        /// The source of the first fact naming each coalition, which its claim cites.
        var coalitionSources: [String: String] = [:]
        let slug = CaseConverter.slug(c.id)

        for (n, fact) in c.evidenceKnownAtDecision.enumerated() {
            let number = n + 1
            let range = dateRange(fact)
            let sourceID = "src:\(slug):\(number)"
            let published = publication(fact, decision: decisionDay)
            records.append(.source(Source(id: sourceID, title: CaseConverter.title(fact.fact), publisher: CaseConverter.host(fact.source),
                                          published: published, url: fact.source, kind: "news")))
            let text = fact.fact + " " + (fact.violation ?? "") + " " + (fact.perpetrator ?? "")
            let violations = violationCodes(text)
            let (state, coalition, forces) = perpetrator(fact.perpetrator, case: c)
            var coalitionID: String?
            if let coalition {
                coalitionID = coalition.id
                coalitions[coalition.id] = coalition
                if coalitionSources[coalition.id] == nil { coalitionSources[coalition.id] = sourceID }
            }
            let country = place(fact.place) ?? c.destination
            let title = CaseConverter.title(fact.fact)
            let id: String
            switch fact.kind {
            case "incident":
                id = "incident:\(slug):\(number)"
                records.append(.incident(Incident(
                    id: id, title: title, country: country, place: fact.place, range: range, violations: violations,
                    killed: fact.killed, injured: fact.injured, stateForces: state != nil, description: fact.fact,
                    responsibleState: state, coalition: coalitionID, forces: forces)))
                log.append("fact \(number) (incident) → \(id): \(violations.joined(separator: ", ")); responsible \(state ?? "none")\(coalitionID.map { "; coalition \($0)" } ?? "")\(forces.map { "; forces \($0.joined(separator: ", "))" } ?? "")")
            case "finding":
                id = "finding:\(slug):\(number)"
                let (body, kind) = findingBody(fact)
                let strength = findingStrength(fact.fact)
                var categories = violations
                let folded = CaseConverter.fold(fact.fact + " " + (fact.violation ?? ""))
                if folded.contains("crimes against humanity") { categories.append("crimes-against-humanity") }
                if folded.contains("war crime") { categories.append("war-crimes") }
                if folded.contains("genocide") { categories.append("genocide") }
                records.append(.finding(Finding(
                    id: id, body: body, title: title, country: country, range: range, categories: categories,
                    determination: strength == .determination, description: fact.fact, bodyKind: kind, strength: strength,
                    states: state.map { [$0] } ?? [], coalition: coalitionID, killed: fact.killed, injured: fact.injured,
                    forces: forces)))
                log.append("fact \(number) (finding) → \(id): \(body) (\(kind.rawValue), \(strength.rawValue)); \(categories.joined(separator: ", "))\(coalitionID.map { "; coalition \($0)" } ?? "")")
            case "accountability":
                id = "accountability:\(slug):\(number)"
                let (type, credible) = accountabilityType(fact.fact)
                records.append(.accountability(AccountabilityEvent(
                    id: id, eventType: type, title: title, range: range, description: fact.fact, credible: credible,
                    state: c.destination)))
                log.append("fact \(number) (accountability) → \(id): \(type.rawValue)\(credible == false ? ", not credible" : "")")
            case "item-use":
                id = "item-use:\(slug):\(number)"
                let folded = CaseConverter.fold(fact.fact)
                let notFound = ["no indication", "no evidence", "nothing indicat", "not been used", "no sign"].contains { folded.contains($0) }
                let unverified = ["could not be verified", "unverified", "purporting", "not verified"].contains { folded.contains($0) }
                let origin = statedOrigin(fact.fact) ?? c.exporter
                records.append(.itemUse(ItemUse(
                    id: id, title: title, range: range, state: state ?? c.destination, originState: origin,
                    found: notFound ? false : nil, verified: unverified ? false : nil, description: fact.fact)))
                log.append("fact \(number) (item-use) → \(id): \(notFound ? "no use found" : (unverified ? "unverified use" : "use")) of \(origin)'s goods")
            case "diversion":
                id = "diversion:\(slug):\(number)"
                let folded = CaseConverter.fold(fact.fact + " " + (fact.violation ?? ""))
                let kind: DiversionKind = folded.contains("embargo") ? .embargoedParty
                    : (["re export", "reexport", "transfer", "gave", "given", "passed"].contains { folded.contains($0) } ? .reExported : .diverted)
                let recipient = diversionRecipient(fact.perpetrator) ?? c.destination
                records.append(.diversion(DiversionRecord(
                    id: id, title: title, range: range, recipient: recipient, diversionKind: kind, originState: c.exporter,
                    foundIn: place(fact.place), description: fact.fact)))
                log.append("fact \(number) (diversion) → \(id): \(kind.rawValue) by \(recipient)")
            case "mitigation":
                let folded = CaseConverter.fold(fact.fact)
                if let kind = assuranceKind(folded) {
                    id = "assurance:\(slug):\(number)"
                    records.append(.assurance(Assurance(id: id, title: title, range: range, recipient: c.destination,
                                                        exporter: c.exporter, assuranceKind: kind, description: fact.fact)))
                    if kind == .postShipmentInspection, folded.contains("non re export") || folded.contains("declaration") {
                        records.append(.assurance(Assurance(id: id + "-declaration", title: title, range: range, recipient: c.destination,
                                                            exporter: c.exporter, assuranceKind: .nonReExport, description: fact.fact)))
                        records.append(.claim(claim(id + "-declaration", sourceID, fact)))
                    }
                    log.append("fact \(number) (mitigation) → \(id): \(kind.rawValue) assurance")
                } else if folded.contains("training") {
                    if !mitigations.contains("human-rights-training") { mitigations.append("human-rights-training") }
                    log.append("fact \(number) (mitigation) → application measure human-rights-training")
                    continue
                } else {
                    log.append("fact \(number) (mitigation) → not encoded (a statement of the decision-maker's reasons, not a measure)")
                    continue
                }
            default:
                log.append("fact \(number) (\(fact.kind)) → not encoded (context)")
                continue
            }
            records.append(.claim(claim(id, sourceID, fact)))
        }
        for coalition in coalitions.values.sorted(by: { $0.id < $1.id }) {
            records.append(.coalition(coalition))
            records.append(.claim(Claim(id: "claim:\(coalition.id)", subject: coalition.id, status: .accepted, confidence: .high,
                                        citations: [Citation(source: coalitionSources[coalition.id]!)])))
        }
        let items = c.items.map { item in
            ApplicationItem(controlEntry: item.controlEntry.flatMap(ControlEntry.canonicalCode) != nil ? item.controlEntry! : ApplicationItem.undisclosed,
                            description: item.description)
        }
        var application = ExportApplication(
            id: c.id, regimes: [], exporter: c.exporter, destination: c.destination, decisionDate: decisionDay,
            consignee: Party(name: c.endUser, country: c.destination), endUser: EndUser(name: c.endUser), items: items,
            endUse: "", mitigations: mitigations)
        application.autoRegimes = true
        return Converted(records: records, application: application, log: log)
    }

    /// The bundle text of converted records (header line, then one record per line, sorted as `export bundle` sorts).
    public static func bundleText(_ records: [Record]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = [Record.bundleHeader]
        for record in records.sorted(by: { ($0.sortRank, $0.id) < ($1.sortRank, $1.id) }) {
            lines.append(String(decoding: try encoder.encode(record), as: UTF8.self))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - The rules

    func claim(_ subject: String, _ source: String, _ fact: DecisionCase.Fact) -> Claim {
        // Confidence: high for a day-precise fact, medium when its date is approximate or it carries `verify`.
        let confidence: Confidence = (fact.verify == true || fact.datePrecision == "approximate") ? .medium : .high
        return Claim(id: "claim:\(subject)", subject: subject, status: .accepted, confidence: confidence,
                     citations: [Citation(source: source, url: fact.source, excerpt: nil)])
    }

    /// `YYYY-MM-DD` → that day; `START/END` → the range (month precision → `YYYY-MM` bounds, imprecise).
    func dateRange(_ fact: DecisionCase.Fact) -> DateRange {
        let parts = fact.date.split(separator: "/").map(String.init)
        func partial(_ text: String) -> PartialDate? {
            guard var date = PartialDate(text) else { return nil }
            if fact.datePrecision == "month", let month = PartialDate(year: date.year, month: date.month) { date = month }
            return date
        }
        let start = parts.first.flatMap(partial)
        let end = parts.count > 1 ? partial(parts[1]) : start
        let precise = parts.count == 1 && fact.datePrecision == nil
        return DateRange(start: start, startIsReal: precise, end: end, endIsReal: precise, precise: precise || parts.count > 1)
    }

    /// When the fact became public: the end of its date (a fact is dated on or before the decision and was public
    /// by then), never after the decision date.
    func publication(_ fact: DecisionCase.Fact, decision: Day) -> PartialDate {
        let last = fact.date.split(separator: "/").last.map(String.init) ?? fact.date
        guard let day = Day(last) else { return PartialDate(decision) }
        return PartialDate(min(day, decision))
    }

    /// Violation codes a text speaks of, by keyword.
    func violationCodes(_ text: String) -> [String] {
        let t = CaseConverter.fold(text)
        func any(_ words: [String]) -> Bool { words.contains { t.contains($0) } }
        var codes: [String] = []
        if any(["kill", "death", "dead", "died", "execution", "executed", "massacre", "casualt", "shot", "firing squad", "lethal"]) { codes.append("unlawful-killing") }
        if any(["tortur", "electric shock", "beaten", "beating", "abuse"]) { codes.append("torture") }
        if any(["disappear"]) { codes.append("enforced-disappearance") }
        if any(["sexual", "rape"]) { codes.append("sgbv") }
        if any(["detention", "detain", "arrest", "prison", "imprison", "political detainee", "held without charge"]) { codes.append("arbitrary-detention") }
        if any(["excessive force", "tear gas", "rubber bullet", "riot control", "crowd control", "dispers", "unlawful use of force",
                "unnecessary and excessive", "force against"]) { codes.append("excessive-force") }
        if any(["surveillance", "spyware"]) { codes.append("unlawful-surveillance") }
        if any(["humanitarian law", "ihl", "war crime", "air strike", "airstrike", "strike", "shelling", "bomb", "sorties",
                "no fire zone", "blockade", "indiscriminate", "attack harming civilians", "civilians killed", "civilian deaths",
                "civilian casualties", "hospital"]) { codes.append("ihl-attack") }
        return codes
    }

    /// The responsible state, coalition and branches a perpetrator text names. No perpetrator: the destination's
    /// forces, branch not stated (the facts of a case are about the destination unless they say otherwise).
    func perpetrator(_ text: String?, case c: DecisionCase) -> (String?, Coalition?, [String]?) {
        guard let text, !text.isEmpty else { return (c.destination, nil, nil) }
        let folded = CaseConverter.fold(text)
        if folded.contains("coalition") {
            var members = [Coalition.Member(state: c.destination)]
            if let range = folded.range(of: " led coalition") ?? folded.range(of: "led coalition") {
                let before = folded[..<range.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                if let lead = countries(in: before).first {
                    if lead == c.destination { members = [Coalition.Member(state: lead, lead: true)] } else {
                        members = [Coalition.Member(state: lead, lead: true), Coalition.Member(state: c.destination)]
                    }
                }
            }
            let id = "coalition:\(CaseConverter.slug(c.id)):\(CaseConverter.slug(text).prefix(40))"
            let stateIsDestination = members.contains { $0.state == c.destination && ($0.lead ?? false) }
            return (stateIsDestination ? c.destination : members.first { $0.lead ?? false }?.state,
                    Coalition(id: id, name: text, members: members, range: DateRange()), nil)
        }
        let named = countries(in: text)
        let state = named.contains(c.destination) || named.isEmpty ? c.destination : named[0]
        if ["not attributed", "unknown", "unidentified"].contains(where: { folded.contains($0) }) { return (c.destination, nil, nil) }
        let forces: [String]?
        switch EndUserScope.inferred(from: text) {
        case (.force, let branch?)?: forces = [branch]
        case (.armedForces, _)?: forces = ["joint"]
        case (.government, _)?: forces = ["government"]
        default:
            forces = ["judiciary", "court", "judge"].contains(where: { folded.contains($0) }) ? ["government"] : nil
        }
        return (state, nil, forces)
    }

    /// The body that made a finding and its kind, by keyword in the fact and its source.
    func findingBody(_ fact: DecisionCase.Fact) -> (String, FindingBodyKind) {
        let t = CaseConverter.fold(fact.fact + " " + fact.source)
        let table: [([String], String, FindingBodyKind)] = [
            (["panel of experts"], "UN panel of experts", .unSecurityCouncilPanel),
            (["commission of inquiry", "fact finding", "independent international"], "Commission of inquiry", .unCommission),
            (["high commissioner", "human rights office", "ohchr", "special rapporteur", "un experts", "un human rights"], "UN human rights office", .ohchr),
            (["committee against torture", "human rights committee"], "UN treaty body", .treatyBody),
            (["inter american", "iachr", "african commission", "european court of human rights", "council of europe"], "Regional human-rights body", .regional),
            (["international court of justice", "icj"], "International Court of Justice", .icj),
            (["international criminal court"], "International Criminal Court", .icc),
            (["court", "tribunal", "judge"], "Court", .nationalCourt),
            (["amnesty"], "Amnesty International", .credibleNGO),
            (["human rights watch", "hrw"], "Human Rights Watch", .credibleNGO),
            (["physicians for human rights"], "Physicians for Human Rights", .credibleNGO),
            (["icrc", "red cross"], "ICRC", .credibleNGO),
            (["freedom house", "fidh", "reprieve", "human rights first", "airwars", "mwatana"], "Human-rights organisation", .credibleNGO),
            (["united nations", " un "], "United Nations", .ohchr),
        ]
        let padded = " \(t) "
        let byUN = [" un ", "united nations", "human rights council", "secretary general"].contains { padded.contains($0) }
        for (keys, name, kind) in table where keys.contains(where: { padded.contains($0) }) {
            // A commission of inquiry is the UN's only when the text says so; otherwise a national one.
            if kind == .unCommission && !byUN { return ("National commission of inquiry", .nationalCourt) }
            return (name, kind)
        }
        return (CaseConverter.host(fact.source), .media)
    }

    /// How far a finding goes, by its verbs.
    func findingStrength(_ text: String) -> FindingStrength {
        let t = CaseConverter.fold(text)
        func any(_ words: [String]) -> Bool { words.contains { t.contains($0) } }
        if any(["ruled", "judgment", "convicted", "determined that"]) { return .determination }
        if any(["concluded", "found that", "found a", "found the", " found ", "established", "confirmed"]) { return .established }
        if any(["systematic", "widespread", "pattern", "routinely", "often", "network", "documented", "counted", "recorded", "deliberate practice"]) { return .pattern }
        return .allegations
    }

    func accountabilityType(_ text: String) -> (AccountabilityType, Bool?) {
        let t = CaseConverter.fold(text)
        func any(_ words: [String]) -> Bool { words.contains { t.contains($0) } }
        if any(["not credible", "lacked independence", "whitewash"]) { return (.investigationOpened, false) }
        if any(["failure to investigate", "failed to investigate", "no one has been held", "impunity", "not investigated", "no charges", "much less prosecute"]) { return (.noCharges, nil) }
        if any(["convicted", "sentenced"]) { return (.conviction, nil) }
        if any(["charged", "indicted"]) { return (.charge, nil) }
        if any(["promoted", "promotion"]) { return (.promotion, nil) }
        if any(["praised", "commended", "decorated"]) { return (.commendation, nil) }
        if any(["archived", "closed the investigation", "dropped"]) { return (.investigationArchived, nil) }
        if any(["dismissed", "removed from"]) { return (.dismissal, nil) }
        return (.investigationOpened, nil)
    }

    func assuranceKind(_ folded: String) -> AssuranceKind? {
        if folded.contains("inspection") || folded.contains("post shipment") || folded.contains("verification") { return .postShipmentInspection }
        if folded.contains("non re export") || folded.contains("re export declaration") { return .nonReExport }
        if folded.contains("assur") || folded.contains("undertak") || folded.contains("guarantee") { return .diplomatic }
        if folded.contains("end use") { return .endUse }
        return nil
    }

    /// A diversion's recipient: the party marked `(re-exporter)` or `(unauthorised transfer)` in the perpetrator
    /// text, when it is a state.
    func diversionRecipient(_ text: String?) -> String? {
        guard let text else { return nil }
        for part in text.split(separator: ";") {
            let folded = CaseConverter.fold(String(part))
            guard folded.contains("re export") || folded.contains("unauthorised") || folded.contains("unauthorized") else { continue }
            if let state = countries(in: String(part)).first { return state }
        }
        return nil
    }

    /// The origin a text states for goods ("French-supplied", "UK-manufactured", "Swiss-made").
    func statedOrigin(_ text: String) -> String? {
        let folded = CaseConverter.fold(text)
        for marker in [" supplied", " made", " manufactured", " built", " produced"] {
            var search = folded.startIndex..<folded.endIndex
            while let r = folded.range(of: marker, range: search) {
                let before = folded[..<r.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                if let state = countries(in: before).first { return state }
                search = r.upperBound..<folded.endIndex
            }
        }
        return nil
    }

    func place(_ text: String?) -> String? {
        guard let text else { return nil }
        return countries(in: text).last
    }

    /// The countries a text names, in order: by name (the last word may be a demonym, "Syrian" for Syria), by a
    /// distinctive first word ("Saudi"), or by the initials of a name of three words or more ("UAE").
    func countries(in text: String) -> [String] {
        let words = CaseConverter.fold(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        var found: [(Int, String)] = []
        let generic: Set<String> = ["south", "north", "east", "west", "united", "republic", "new", "central", "great", "democratic",
                                    "holy", "saint", "the", "state", "island", "islands", "federated", "people", "peoples"]
        for country in reference.countries where !country.isUserAssigned {
            for name in country.allNames {
                let tokens = CaseConverter.fold(name).split(separator: " ").map(String.init)
                guard let last = tokens.last, !tokens.isEmpty else { continue }
                if tokens.count >= 3, !(country.alpha2 == "US") {
                    let initials = String(tokens.filter { !["of", "and", "the"].contains($0) }.compactMap(\.first))
                    if initials.count >= 3, let i = words.firstIndex(of: initials) { found.append((i, country.alpha2)) }
                }
                if tokens.count == 2, tokens[0].count >= 5, !generic.contains(tokens[0]), let i = words.firstIndex(of: tokens[0]) {
                    found.append((i, country.alpha2))
                }
                guard words.count >= tokens.count else { continue }
                for i in 0...(words.count - tokens.count) {
                    let head = Array(words[i..<(i + tokens.count - 1)])
                    guard head == Array(tokens.dropLast()) else { continue }
                    let word = words[i + tokens.count - 1]
                    let demonym = last.count >= 4 && word.hasPrefix(last) && word.count - last.count <= 3
                    if word == last || demonym { found.append((i, country.alpha2)) }
                }
            }
        }
        for (word, code) in [("uk", "GB"), ("us", "US"), ("usa", "US"), ("uae", "AE"), ("drc", "CD")] {
            if let i = words.firstIndex(of: word) { found.append((i, code)) }
        }
        var seen: Set<String> = []
        return found.sorted { $0.0 < $1.0 }.map(\.1).filter { seen.insert($0).inserted }
    }

    // MARK: - Text helpers

    /// Lower case, accents and punctuation folded to spaces.
    static func fold(_ text: String) -> String {
        let lowered = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var out = ""
        var space = false
        for scalar in lowered.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) { out.unicodeScalars.append(scalar); space = false }
            else if !space { out.append(" "); space = true }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    public static func slug(_ text: String) -> String {
        fold(text).replacingOccurrences(of: " ", with: "-")
    }

    static func host(_ url: String) -> String {
        URL(string: url)?.host.map { $0.hasPrefix("www.") ? String($0.dropFirst(4)) : $0 } ?? url
    }

    /// A record title: the fact's first clause, at most 120 characters.
    static func title(_ fact: String) -> String {
        let first = fact.split(separator: ";").first.map(String.init) ?? fact
        return first.count <= 120 ? first : String(first.prefix(117)) + "…"
    }
}
