import Foundation
import OversightCore

/// Numbers as the assessment report shows them: rounded to three decimals, without trailing zeros — the
/// rounding the engine uses in its `computation` strings, so a reader finds the same figures everywhere.
enum AssessmentNumber {
    static func text(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000 + 0.0
        var text = String(format: "%.3f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// With a sign, for weights that raise (+) or lower (−) a score.
    static func signed(_ value: Double) -> String {
        let plain = text(value)
        return plain.hasPrefix("-") || plain == "0" ? plain : "+" + plain
    }
}

/// The full report page of an assessment.
struct AssessmentReportPage: Sendable {
    var chrome: PageChrome
    var applicationID: String
    var knowledgeDate: String
    var decisionDate: String
    /// The knowledge date is not the decision date (an assessment "as known" later or earlier).
    var knowledgeDiffers: Bool
    var methodVersion: String
    /// Set when the formulas below are stated with another method version than the assessment's.
    var methodNote: String
    var hasMethodNote: Bool
    var inputDigest: String
    var application: ApplicationSummaryView
    var verdicts: [VerdictView]
    /// Method v2: the strictest verdict of the regimes in force on the decision date.
    var overallVerdict: String?
    var overallVerdictClass: String
    /// Method v2: some conclusion says whether its regime was in force (the verdict table then has the column).
    var hasRegimeStatus: Bool
    /// Method v2: warnings about the application (undisclosed control entries, regimes not in force).
    var flags: [String]
    var hasFlags: Bool
    var rationale: [String]
    var prohibitions: [ProhibitionView]
    var hasProhibitions: Bool
    var embargoes: [String]
    var hasEmbargoes: Bool
    var screening: [ScreeningHitView]
    var hasScreening: Bool
    var items: [ItemView]
    var endUserResolution: String
    var formula: FormulaView
    var incidents: [IncidentFactorView]
    var hasIncidents: Bool
    /// Σ w over the incidents listed.
    var weightSum: String
    /// Method v2: the findings of competent bodies counted, in the assessment's order.
    var findings: [FindingFactorView]
    var hasFindings: Bool
    /// Method v2 was applied (the findings and item-use sections are shown, even when empty).
    var isV2: Bool
    var findingWeightSum: String
    var findingFormula: String
    /// Method v2: item-use evidence and its effect on the nexus.
    var itemUse: [ItemUseFactorView]
    var hasItemUse: Bool
    var accountability: [AccountabilityFactorView]
    var hasAccountability: Bool
    var impunityBase: String
    var impunitySum: String
    var impunity: String
    var impunityClamped: Bool
    var consequences: [ConsequenceView]
    var thresholds: String
    var cannotMitigate: Bool
    var cannotMitigateReason: String
    var mitigations: [MitigationView]
    var hasMitigations: Bool
    /// "(1 − 0.055) × (1 − 0.055) = 0.893".
    var mitigationProduct: String
    var diversionScore: String
    var diversionLevel: String
    var diversionThresholds: String
    var diversionFactors: [String]
    var hasDiversionFactors: Bool
    var conditions: [String]
    var hasConditions: Bool
    var apiNote: String

    init(_ a: Assessment, application: ExportApplication, methodology: Methodology = .standard, reference: ReferenceData = .shared) {
        let n = AssessmentNumber.text
        // The constants of the formulas are those of the method that computed the assessment; an assessment
        // of another method version still shows its own figures and computation strings.
        let m = methodology
        chrome = PageChrome(title: "Assessment of \(a.applicationID)", path: SitePath.assessmentForm.href(), asOf: nil)
        applicationID = a.applicationID
        knowledgeDate = a.knowledgeDate
        decisionDate = a.decisionDate
        knowledgeDiffers = a.knowledgeDate != a.decisionDate
        methodVersion = a.methodologyVersion
        methodNote = a.methodologyVersion == m.version ? ""
            : "This assessment was computed with method \(a.methodologyVersion); the constants in the formulas below are those of \(m.version). The figures and computation strings are the assessment's own."
        hasMethodNote = !methodNote.isEmpty
        inputDigest = a.inputDigest
        self.application = ApplicationSummaryView(application, reference: reference)
        verdicts = a.conclusions.map(VerdictView.init)
        overallVerdict = a.overallVerdict?.rawValue
        overallVerdictClass = a.overallVerdict.map { "verdict-" + $0.rawValue } ?? ""
        hasRegimeStatus = a.conclusions.contains { $0.inForce != nil || $0.version != nil || $0.status != nil }
        flags = a.flags ?? []
        hasFlags = !(a.flags ?? []).isEmpty
        rationale = a.rationale
        prohibitions = a.prohibitions.map(ProhibitionView.init)
        hasProhibitions = !a.prohibitions.isEmpty
        embargoes = a.embargoes
        hasEmbargoes = !a.embargoes.isEmpty
        screening = a.screening.map(ScreeningHitView.init)
        hasScreening = !a.screening.isEmpty
        items = application.items.enumerated().map { index, item in
            ItemView(item, classification: index < a.items.count ? a.items[index] : item.controlEntry)
        }
        endUserResolution = a.endUserResolution
        formula = FormulaView(m)
        incidents = a.incidents.map { IncidentFactorView($0, decisionDate: a.decisionDate, methodology: m) }
        hasIncidents = !a.incidents.isEmpty
        weightSum = n(a.incidents.map(\.weight).reduce(0, +))
        let shownIncidents = Set(a.incidents.map(\.incidentID))
        findings = (a.findings ?? []).map { FindingFactorView($0, incidentsShown: shownIncidents) }
        hasFindings = !findings.isEmpty
        isV2 = a.findings != nil || a.itemUse != nil || a.overallVerdict != nil
        findingWeightSum = n((a.findings ?? []).map(\.weight).reduce(0, +))
        findingFormula = "w = b × k × g × s × c × r × a — b the kind of body, k the strength of the finding, g the gravity of its gravest violation type, s the scale of its own counts (killed, injured, incidents), c the credibility of its best known claim, r its recency (from the end of its period), a the attribution of the forces it concerns to the end user. Incidents a finding lists count once, in the pattern above."
        itemUse = (a.itemUse ?? []).map(ItemUseFactorView.init)
        hasItemUse = !itemUse.isEmpty
        accountability = a.accountability.map(AccountabilityFactorView.init)
        hasAccountability = !a.accountability.isEmpty
        let sum = a.accountability.map(\.weight).reduce(0, +)
        impunityBase = n(m.impunity.base.value)
        impunitySum = AssessmentNumber.signed(sum)
        impunity = n(a.impunity)
        let unclamped = m.impunity.base.value + sum
        impunityClamped = unclamped < 0 || unclamped > 1
        consequences = a.consequences.map { ConsequenceView($0, decisive: Set(a.conclusions.compactMap(\.decisiveConsequence))) }
        let t = m.levels.thresholds
        thresholds = "low ≥ \(n(t.low)), moderate ≥ \(n(t.moderate)), substantial ≥ \(n(t.substantial)), overriding ≥ \(n(t.overriding))"
        cannotMitigate = a.cannotMitigate
        var reason = a.cannotMitigateReason ?? ""
        while reason.hasSuffix(".") { reason.removeLast() }
        cannotMitigateReason = reason
        mitigations = a.mitigations.map(MitigationView.init)
        hasMitigations = !a.mitigations.isEmpty
        let factor = a.mitigations.reduce(1.0) { $0 * (1 - $1.reduction) }
        mitigationProduct = a.mitigations.isEmpty ? "1 (no measure)"
            : a.mitigations.map { "(1 − \(n($0.reduction)))" }.joined(separator: " × ") + " = \(n(factor))"
        diversionScore = n(a.diversion.score)
        diversionLevel = a.diversion.level.rawValue
        let d = m.diversion.thresholds
        diversionThresholds = "low ≥ \(n(d.low)), moderate ≥ \(n(d.moderate)), substantial ≥ \(n(d.substantial)), overriding ≥ \(n(d.overriding))"
        diversionFactors = a.diversion.factors
        hasDiversionFactors = !a.diversion.factors.isEmpty
        conditions = a.conditions
        hasConditions = !a.conditions.isEmpty
        apiNote = "POST /api/v1/assessments" + (knowledgeDiffers ? "?asOf=\(a.knowledgeDate)" : "")
    }
}

/// The parties and terms of the application, as submitted.
struct ApplicationSummaryView: Sendable {
    var id: String
    var regimes: String
    var exporter: String
    var destination: String
    var consignee: String
    var endUser: String
    var intermediaries: [String]
    var hasIntermediaries: Bool
    var endUse: String
    var hasEndUse: Bool
    var proposedMeasures: [String]
    var hasProposedMeasures: Bool

    init(_ application: ExportApplication, reference: ReferenceData) {
        func country(_ code: String?) -> String {
            guard let code else { return "" }
            return reference.country(code).map { "\($0.name) (\(code))" } ?? code
        }
        func party(_ p: Party) -> String { p.name + (p.country.map { ", \(country($0))" } ?? "") }
        id = application.id
        regimes = application.regimes.map(\.rawValue).joined(separator: ", ")
        exporter = country(application.exporter)
        destination = country(application.destination)
        consignee = party(application.consignee)
        endUser = application.endUser.name + (application.endUser.unit.map { " (unit \($0))" } ?? "")
        intermediaries = application.intermediaries.map(party)
        hasIntermediaries = !intermediaries.isEmpty
        endUse = application.endUse
        hasEndUse = !application.endUse.isEmpty
        proposedMeasures = application.mitigations
        hasProposedMeasures = !application.mitigations.isEmpty
    }
}

struct VerdictView: Sendable {
    var regime: String
    var verdict: String
    var verdictClass: String
    var test: String
    /// "EIPA 7.3(1)(b)(ii), substantial", or "—".
    var decisive: String
    var reasons: [String]

    init(_ c: RegimeConclusion) {
        regime = c.regime.rawValue
        verdict = c.verdict.rawValue
        verdictClass = "verdict-" + c.verdict.rawValue
        test = c.test
        decisive = c.decisiveConsequence.map { code in code + (c.decisiveLevel.map { ", \($0.rawValue)" } ?? "") } ?? "—"
        reasons = c.reasons
        inForce = c.inForce.map { $0 ? "in force" : "not in force: for comparison only" } ?? "—"
        inForceClass = c.inForce.map { $0 ? "in-force" : "not-in-force" } ?? ""
        regimeVersion = c.version
        regimeStatus = c.status
    }

    /// Method v2: "in force", "not in force: for comparison only", or "—" when the method does not say.
    var inForce: String
    var inForceClass: String
    /// The version of the regime applied and why it applies or not (`regimes.json`).
    var regimeVersion: String?
    var regimeStatus: String?
}

/// A finding of a competent body as method v2 counts it: every factor, the attribution, and its claims.
struct FindingFactorView: Sendable {
    struct Covered: Sendable {
        var incidentID: String
        /// The incident's detail on this page when it is in the pattern, else its record page.
        var href: String
    }

    var anchor: String
    var findingID: String
    var findingHref: String
    var findingTitle: String
    var body: String
    var bodyKind: String
    var strength: String
    var period: String
    var violations: String
    var killed: String
    var injured: String
    var incidentCount: String
    var b: String
    var k: String
    var g: String
    var s: String
    var c: String
    var r: String
    var a: String
    var w: String
    var weightComputation: String
    var attributionReason: String
    var nexus: String
    var covered: [Covered]
    var hasCovered: Bool
    var claims: [ClaimReferenceView]
    var hasClaims: Bool

    init(_ f: FindingFactor, incidentsShown: Set<String>) {
        let n = AssessmentNumber.text
        anchor = "finding-" + IncidentFactorView.anchorText(f.findingID)
        findingID = f.findingID
        findingHref = Paths.page(kind: .finding, id: f.findingID, asOf: nil)
        findingTitle = f.title
        body = f.body
        bodyKind = f.bodyKind.rawValue
        strength = f.strength.rawValue
        period = f.period
        violations = f.violations.isEmpty ? "none mapped" : f.violations.joined(separator: ", ")
        killed = f.killed.map(String.init) ?? "—"
        injured = f.injured.map(String.init) ?? "—"
        incidentCount = f.incidentCount.map(String.init) ?? "—"
        b = n(f.bodyWeight)
        k = n(f.strengthWeight)
        g = n(f.gravity)
        s = n(f.scale)
        c = n(f.credibility)
        r = n(f.recency)
        a = n(f.attribution)
        w = n(f.weight)
        weightComputation = "w = \(b) × \(k) × \(g) × \(s) × \(c) × \(r) × \(a) = \(w)"
        attributionReason = f.attributionReason
        nexus = f.nexus.keys.sorted().map { "\($0) \(f.nexus[$0]!.rawValue)" }.joined(separator: "; ")
        covered = f.coveredIncidents.map { id in
            Covered(incidentID: id, href: incidentsShown.contains(id) ? "#" + IncidentFactorView.anchorText(id)
                        : Paths.page(kind: .incident, id: id, asOf: nil))
        }
        hasCovered = !f.coveredIncidents.isEmpty
        let href = findingHref
        claims = f.claims.map { ClaimReferenceView($0, subjectHref: href) }
        hasClaims = !f.claims.isEmpty
    }
}

/// Item-use evidence as method v2 counts it, with what it did.
struct ItemUseFactorView: Sendable {
    var anchor: String
    var itemUseID: String
    var itemUseHref: String
    var itemUseTitle: String
    var date: String
    var controlEntry: String
    var originState: String
    /// "found, verified", "reported, not verified", "no use found".
    var finding: String
    var entries: String
    var effect: String
    var claims: [ClaimReferenceView]
    var hasClaims: Bool

    init(_ u: ItemUseFactor) {
        anchor = "item-use-" + IncidentFactorView.anchorText(u.itemUseID)
        itemUseID = u.itemUseID
        itemUseHref = Paths.page(kind: .itemUse, id: u.itemUseID, asOf: nil)
        itemUseTitle = u.title
        date = u.date.isEmpty ? "—" : u.date
        controlEntry = u.controlEntry ?? "not known"
        originState = u.originState ?? "not known"
        finding = !u.found ? "no use found" : (u.verified ? "use found" : "use reported, not verified")
        entries = u.entries.isEmpty ? "none" : u.entries.joined(separator: ", ")
        effect = u.effect
        let href = itemUseHref
        claims = u.claims.map { ClaimReferenceView($0, subjectHref: href) }
        hasClaims = !u.claims.isEmpty
    }
}

struct ProhibitionView: Sendable {
    var basis: String
    var text: String
    var requiresFormalDetermination: Bool

    init(_ p: Prohibition) {
        basis = p.basis
        text = p.text
        requiresFormalDetermination = p.requiresFormalDetermination
    }
}

struct ScreeningHitView: Sendable {
    var role: String
    var party: String
    var entryName: String
    var list: String
    var entryID: String
    var score: String
    var underArmsEmbargo: Bool

    init(_ h: PartyHit) {
        role = h.role
        party = h.party
        entryName = h.entryName
        list = h.list
        entryID = h.entryID
        score = AssessmentNumber.text(h.score)
        underArmsEmbargo = h.underArmsEmbargo
    }
}

struct ItemView: Sendable {
    var controlEntry: String
    /// "2-14 (ML14): Firearms-training simulators — <the entry's title>".
    var classification: String
    var itemDescription: String
    var quantity: String
    var value: String

    init(_ item: ApplicationItem, classification: String) {
        controlEntry = item.controlEntry
        self.classification = classification
        itemDescription = item.description
        quantity = item.quantity.map(String.init) ?? "—"
        if let amount = item.value {
            let number = amount == amount.rounded() && abs(amount) < 1e15 ? String(Int(amount)) : String(format: "%.2f", amount)
            value = number + (item.currency.map { " \($0)" } ?? "")
        } else {
            value = "—"
        }
    }
}

/// How an incident's weight is computed, with the constants of the method.
struct FormulaView: Sendable {
    var weight: String
    var gravity: String
    var scale: String
    var credibility: String
    var recency: String
    var attribution: String
    var nexus: String

    init(_ m: Methodology) {
        let n = AssessmentNumber.text
        weight = "w = g × s × c × r × a"
        let gravities = m.gravity.values.keys.sorted().map { "\($0) \(n(m.gravity.values[$0]!))" }.joined(separator: ", ")
        gravity = "g — gravity of the incident's gravest violation type (\(gravities))"
        scale = "s — scale: s = max(\(n(m.scale.minimum.value)), log2(1 + killed + \(n(m.scale.injuredWeight.value)) × injured)), with the counts known on the knowledge date"
        let levels = m.credibility.values.sorted { $0.value > $1.value }.map { "\($0.key) \(n($0.value))" }.joined(separator: ", ")
        credibility = "c — credibility of the best known record claim (\(levels); contested × \(n(m.credibility.contestedFactor)), needs-work × \(n(m.credibility.needsWorkFactor)))"
        recency = "r — recency: r = 0.5^(age ÷ \(n(m.recency.halfLifeYears.value)) years), age from the incident to the decision date"
        let attributions = m.attribution.values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \(n($0.value))" }.joined(separator: ", ")
        attribution = "a — attribution of the end user to the perpetrators through the chain of command on the incident date (\(attributions); end user not identified as a unit \(n(m.attribution.unknownEndUserUnit.value)))"
        let nexusLevels = m.nexus.values.sorted { $0.value > $1.value }.map { "\($0.key) \(n($0.value))" }.joined(separator: ", ")
        nexus = "nexus — how far each item could be used to commit or facilitate the incident's violations (\(nexusLevels))"
    }
}

/// One incident of the pattern: every factor, how it was computed, and the claims behind it.
struct IncidentFactorView: Sendable {
    var anchor: String
    var incidentID: String
    var incidentHref: String
    var incidentTitle: String
    var date: String
    var violations: String
    var killed: String
    var injured: String
    var g: String
    var s: String
    var c: String
    var r: String
    var a: String
    var w: String
    var nexus: String
    var ageYears: String
    var scaleComputation: String
    var recencyComputation: String
    var weightComputation: String
    var credibilityReason: String
    var attributionReason: String
    var claims: [ClaimReferenceView]
    var hasClaims: Bool

    init(_ f: IncidentFactor, decisionDate: String, methodology m: Methodology) {
        let n = AssessmentNumber.text
        anchor = Self.anchorText(f.incidentID)
        incidentID = f.incidentID
        incidentHref = Paths.page(kind: .incident, id: f.incidentID, asOf: nil)
        incidentTitle = f.title
        date = f.date
        violations = f.violations.joined(separator: ", ")
        killed = f.killed.map(String.init) ?? "—"
        injured = f.injured.map(String.init) ?? "—"
        g = n(f.gravity)
        s = n(f.scale)
        c = n(f.credibility)
        r = n(f.recency)
        a = n(f.attribution)
        w = n(f.weight)
        nexus = f.nexus.keys.sorted().map { entry in
            let level = f.nexus[entry]!
            return "\(entry) \(level.rawValue) (\(n(m.nexus.values[level.rawValue] ?? 0)))"
        }.joined(separator: "; ")
        ageYears = n(f.ageYears)
        scaleComputation = "s = max(\(n(m.scale.minimum.value)), log2(1 + \(f.killed ?? 0) + \(n(m.scale.injuredWeight.value)) × \(f.injured ?? 0))) = \(s)"
            + (f.killed == nil || f.injured == nil ? " (an unknown count counts as 0)" : "")
        recencyComputation = "r = 0.5^(\(ageYears) ÷ \(n(m.recency.halfLifeYears.value))) = \(r) (age \(ageYears) years from \(f.date) to the decision date \(decisionDate))"
        weightComputation = "w = \(g) × \(s) × \(c) × \(r) × \(a) = \(w)"
        credibilityReason = f.credibilityReason
        attributionReason = f.attributionReason
        let href = incidentHref
        claims = f.claims.map { ClaimReferenceView($0, subjectHref: href) }
        hasClaims = !f.claims.isEmpty
    }

    /// An id usable as an HTML fragment: letters, digits and `-`.
    static func anchorText(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }
}

/// A claim behind a factor: what it asserts, how reliable it is, when it became public, and its sources.
struct ClaimReferenceView: Sendable {
    var claimID: String
    var claimHref: String
    var assertion: String
    var status: String
    var isContested: Bool
    var confidence: String
    var publicFrom: String
    var sources: [SourceReferenceView]

    init(_ claim: ClaimReference, subjectHref: String) {
        claimID = claim.id
        claimHref = subjectHref + "#" + claim.id
        assertion = claim.property.map { "\($0) = \(claim.value ?? "(no value)")" } ?? "the record as a whole"
        status = claim.status.rawValue
        isContested = claim.status == .contested
        confidence = claim.confidence.rawValue
        publicFrom = claim.publicFrom ?? "unknown"
        sources = claim.sources.map(SourceReferenceView.init)
    }
}

struct SourceReferenceView: Sendable {
    var sourceID: String
    var sourceHref: String
    var sourceTitle: String
    var publisher: String
    var published: String
    /// The source's web address when http(s), else empty.
    var webURL: String
    var hasWebURL: Bool

    init(_ s: SourceReference) {
        sourceID = s.id
        sourceHref = Paths.source(id: s.id, asOf: nil)
        sourceTitle = s.title
        publisher = s.publisher
        published = s.published
        webURL = WebURL.linkable(s.url) ?? ""
        hasWebURL = !webURL.isEmpty
    }
}

struct AccountabilityFactorView: Sendable {
    var eventID: String
    var eventHref: String
    var eventType: String
    var eventTitle: String
    var date: String
    var weight: String
    var raises: Bool
    var claims: [ClaimReferenceView]
    var hasClaims: Bool

    init(_ e: AccountabilityFactor) {
        eventID = e.eventID
        eventHref = Paths.page(kind: .accountability, id: e.eventID, asOf: nil)
        eventType = e.eventType.rawValue
        eventTitle = e.title
        date = e.date
        weight = AssessmentNumber.signed(e.weight)
        raises = e.weight > 0
        let href = eventHref
        claims = e.claims.map { ClaimReferenceView($0, subjectHref: href) }
        hasClaims = !e.claims.isEmpty
    }
}

struct ConsequenceView: Sendable {
    var code: String
    var consequenceTitle: String
    var regime: String
    var pattern: String
    var nexus: String
    var impunity: String
    var raw: String
    var rawLevel: String
    var residual: String
    var residualLevel: String
    var mitigationApplied: Bool
    var computation: String
    var isDecisive: Bool
    var hasPattern: Bool

    init(_ c: ConsequenceRisk, decisive: Set<String>) {
        let n = AssessmentNumber.text
        code = c.code
        consequenceTitle = c.title
        regime = c.regime.rawValue
        pattern = n(c.pattern)
        nexus = n(c.nexus)
        impunity = n(c.impunity)
        raw = n(c.raw)
        rawLevel = c.rawLevel.rawValue
        residual = n(c.residual)
        residualLevel = c.residualLevel.rawValue
        mitigationApplied = c.mitigationApplied
        computation = c.computation
        isDecisive = decisive.contains(c.code)
        hasPattern = c.pattern > 0
    }
}

struct MitigationView: Sendable {
    var code: String
    var measureTitle: String
    var effect: String
    var credibility: String
    var reduction: String
    var known: Bool

    init(_ m: MitigationFactor) {
        let n = AssessmentNumber.text
        code = m.code
        measureTitle = m.title
        effect = n(m.effect)
        credibility = n(m.credibility)
        reduction = n(m.reduction)
        known = m.known
    }
}

// MARK: - The form

/// `GET /assessments/new`, and the form again with the problems of a submitted application.
struct AssessmentFormPage: Sendable {
    var chrome: PageChrome
    var applicationText: String
    var asOfValue: String
    var issues: [IssueView]
    var hasIssues: Bool
    var issueCount: Int
    var demos: [DemoLinkView]
    var hasDemos: Bool
    var example: String
    var maximumSize: String

    init(applicationText: String = "", asOfValue: String = "", issues: [ValidationIssue] = [], demos: [String: URL]) {
        chrome = PageChrome(title: issues.isEmpty ? "Assess an export application" : "Assess an export application: \(issues.count) problem\(issues.count == 1 ? "" : "s")",
                            path: SitePath.assessmentForm.href(), asOf: nil)
        self.applicationText = applicationText
        self.asOfValue = asOfValue
        self.issues = issues.enumerated().map { IssueView(number: $0 + 1, path: $1.path, message: $1.message) }
        hasIssues = !issues.isEmpty
        issueCount = issues.count
        self.demos = demos.keys.sorted().map(DemoLinkView.init)
        hasDemos = !demos.isEmpty
        example = AssessmentFormPage.exampleApplication
        maximumSize = "\(AssessmentServices.maximumApplicationBytes / 1024) KiB"
    }

    static let exampleApplication = """
        {
          "id": "demo:peru-pnp-simulators-2023-02-06",
          "regimes": ["EIPA", "ATT", "EU"],
          "exporter": "CA",
          "destination": "PE",
          "decisionDate": "2023-02-06",
          "consignee": { "name": "Policía Nacional del Perú", "country": "PE" },
          "endUser": { "name": "Policía Nacional del Perú", "unit": "unit:pnp" },
          "items": [{ "controlEntry": "2-14", "description": "Firearms-training simulators", "quantity": 4, "value": 960000, "currency": "CAD" }],
          "endUse": "Training of National Police officers in the use of firearms",
          "mitigations": ["end-use-certificate", "human-rights-training"]
        }
        """
}

struct IssueView: Sendable {
    var number: Int
    var path: String
    var message: String
}

struct DemoLinkView: Sendable {
    var name: String
    var href: String

    init(_ name: String) {
        self.name = name
        href = SitePath.assessmentDemo.href(name)
    }
}

// MARK: - The JSON document

/// `POST /api/v1/assessments` and `oversight assess --format json`: the application with its assessment.
struct AssessmentDocument: Encodable {
    var application: ExportApplication
    var assessment: Assessment
}

/// `{"error":{"message":…,"issues":[{"path":…,"message":…}]}}`
struct AssessmentErrorBody: Encodable {
    struct Detail: Encodable {
        var message: String
        var issues: [ValidationIssue]
    }
    var error: Detail

    init(_ issues: [ValidationIssue], message: String? = nil) {
        error = Detail(
            message: message ?? "The application has \(issues.count) problem\(issues.count == 1 ? "" : "s"); each is listed with its field path. Fix them all and send it again (format: docs/APPLICATION.md).",
            issues: issues)
    }
}

// MARK: - The printable report

extension ReportHTML {
    /// The assessment report as a full, printable HTML page: the verdict per regime, every factor with its
    /// value and how it was computed, and the claims and sources behind it. `oversight assess --format html`
    /// prints this page; the web application serves the same.
    public static func assessment(_ assessment: Assessment, application: ExportApplication) throws -> String {
        try self.assessment(assessment, application: application, renderer: PageRenderer())
    }

    static func assessment(_ assessment: Assessment, application: ExportApplication, renderer: PageRenderer) throws -> String {
        try renderer.render(AssessmentReportPage(assessment, application: application))
    }
}
