import OversightCore

/// An assessment as a Markdown report: every number with how it was computed and the claims behind it.
public enum AssessmentMarkdown {
    public static func render(_ a: Assessment) -> String {
        var out: [String] = []
        out.append("# Assessment of \(a.applicationID)")
        out.append("")
        out.append("Knowledge date **\(a.knowledgeDate)** (only evidence public by then) · decision date \(a.decisionDate) · method `\(a.methodologyVersion)` · input digest `\(a.inputDigest)`")
        out.append("")
        out.append("## Verdicts")
        out.append("")
        if let overall = a.overallVerdict {
            out.append("Overall verdict: **\(overall.rawValue)** (the strictest verdict of the regimes in force on the decision date).")
            out.append("")
        }
        if a.conclusions.contains(where: { $0.inForce != nil || $0.version != nil || $0.status != nil }) {
            out.append("| regime | verdict | in force | legal test | decisive consequence | level |")
            out.append("|---|---|---|---|---|---|")
            for c in a.conclusions {
                let inForce = c.inForce.map { $0 ? "yes" : "no (comparison only)" } ?? "—"
                let detail = [c.version, c.status].compactMap { $0 }.map(cell).joined(separator: "; ")
                out.append("| \(c.regime.rawValue) | **\(c.verdict.rawValue)** | \(inForce)\(detail.isEmpty ? "" : ": \(detail)") | \(cell(c.test)) | \(c.decisiveConsequence ?? "—") | \(c.decisiveLevel?.rawValue ?? "—") |")
            }
        } else {
            out.append("| regime | verdict | legal test | decisive consequence | level |")
            out.append("|---|---|---|---|---|")
            for c in a.conclusions {
                out.append("| \(c.regime.rawValue) | **\(c.verdict.rawValue)** | \(cell(c.test)) | \(c.decisiveConsequence ?? "—") | \(c.decisiveLevel?.rawValue ?? "—") |")
            }
        }
        if let flags = a.flags, !flags.isEmpty {
            out.append("")
            out.append("Flags:")
            out.append("")
            for flag in flags { out.append("- \(flag)") }
        }
        out.append("")
        out.append("## Rationale")
        out.append("")
        for line in a.rationale { out.append("- \(line)") }
        if !a.prohibitions.isEmpty {
            out.append("")
            out.append("## Prohibitions")
            out.append("")
            for p in a.prohibitions { out.append("- \(p.basis): \(p.text)\(p.requiresFormalDetermination ? " (requires a formal determination)" : "")") }
        }
        if !a.embargoes.isEmpty || !a.screening.isEmpty {
            out.append("")
            out.append("## Embargoes and screening")
            out.append("")
            for e in a.embargoes { out.append("- \(e)") }
            for h in a.screening { out.append("- \(h.role) \"\(h.party)\" ↔ \(h.entryName) (\(h.list) \(h.entryID)), score \(h.score)") }
        }
        out.append("")
        out.append("## Items")
        out.append("")
        for item in a.items { out.append("- \(item)") }
        out.append("")
        out.append("## Pattern of violations (step 4)")
        out.append("")
        out.append("End user: \(a.endUserResolution).")
        out.append("")
        out.append("Weight w = g × s × c × r × a; g gravity, s = max(0.5, log2(1 + killed + 0.3 × injured)), c credibility, r = 0.5^(age/2), a attribution.")
        out.append("")
        out.append("| incident | date | killed | injured | g | s | c | r | a | w | nexus |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for f in a.incidents {
            let nexus = f.nexus.keys.sorted().map { "\($0) \(f.nexus[$0]!.rawValue)" }.joined(separator: ", ")
            out.append("| \(cell(f.title)) (`\(f.incidentID)`) | \(f.date) | \(f.killed.map(String.init) ?? "—") | \(f.injured.map(String.init) ?? "—") | \(n(f.gravity)) | \(n(f.scale)) | \(n(f.credibility)) | \(n(f.recency)) | \(n(f.attribution)) | \(n(f.weight)) | \(nexus) |")
        }
        for f in a.incidents {
            out.append("")
            out.append("### \(f.title)")
            out.append("")
            out.append("- violations: \(f.violations.joined(separator: ", ")); credibility: \(f.credibilityReason); age \(n(f.ageYears)) years")
            out.append("- attribution \(n(f.attribution)): \(f.attributionReason)")
            for claim in f.claims { out.append("- " + claimLine(claim)) }
        }
        if let findings = a.findings {
            out.append("")
            out.append("## Findings of competent bodies (method v2)")
            out.append("")
            out.append("Weight w = b × k × g × s × c × r × a; b kind of body, k strength, g gravity, s scale of the finding's own counts, c credibility, r recency, a attribution.")
            if findings.isEmpty {
                out.append("")
                out.append("No finding about the destination's forces within the look-back was public by the knowledge date.")
            } else {
                out.append("")
                out.append("| finding | body | kind | strength | period | killed | injured | incidents | b | k | g | s | c | r | a | w |")
                out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
                for f in findings {
                    out.append("| \(cell(f.title)) (`\(f.findingID)`) | \(cell(f.body)) | \(f.bodyKind.rawValue) | \(f.strength.rawValue) | \(f.period) | \(f.killed.map(String.init) ?? "—") | \(f.injured.map(String.init) ?? "—") | \(f.incidentCount.map(String.init) ?? "—") | \(n(f.bodyWeight)) | \(n(f.strengthWeight)) | \(n(f.gravity)) | \(n(f.scale)) | \(n(f.credibility)) | \(n(f.recency)) | \(n(f.attribution)) | \(n(f.weight)) |")
                }
                for f in findings {
                    out.append("")
                    out.append("### \(f.title)")
                    out.append("")
                    out.append("- attribution \(n(f.attribution)): \(f.attributionReason)")
                    out.append("- covered incidents: \(f.coveredIncidents.isEmpty ? "none" : f.coveredIncidents.map { "`\($0)`" }.joined(separator: ", "))")
                    for claim in f.claims { out.append("- " + claimLine(claim)) }
                }
            }
        }
        if let uses = a.itemUse {
            out.append("")
            out.append("## Item use (method v2)")
            out.append("")
            if uses.isEmpty { out.append("No item-use evidence about the destination's forces was public by the knowledge date.") }
            for u in uses {
                let state = !u.found ? "no use found" : (u.verified ? "use found" : "use reported, not verified")
                out.append("- \(u.title) (`\(u.itemUseID)`, \(u.date), \(u.controlEntry ?? "entry not known"), goods of \(u.originState ?? "unknown origin"); \(state)): \(u.effect)")
                for claim in u.claims { out.append("  - " + claimLine(claim)) }
            }
        }
        out.append("")
        out.append("## Accountability and impunity (step 6)")
        out.append("")
        out.append("I = \(n(a.impunity)) = base + Σ weights (clamped to [0, 1]).")
        out.append("")
        for e in a.accountability {
            out.append("- \(e.eventType.rawValue) \(e.weight >= 0 ? "+" : "")\(n(e.weight)): \(e.title) (\(e.date))")
            for claim in e.claims { out.append("  - " + claimLine(claim)) }
        }
        out.append("")
        out.append("## Risk per negative consequence (steps 5, 7, 8)")
        out.append("")
        out.append("| consequence | pattern P | nexus N | impunity I | raw R | level | residual R' | level |")
        out.append("|---|---|---|---|---|---|---|---|")
        for c in a.consequences {
            out.append("| \(c.code) \(cell(c.title)) | \(n(c.pattern)) | \(n(c.nexus)) | \(n(c.impunity)) | \(n(c.raw)) | \(c.rawLevel.rawValue) | \(n(c.residual)) | \(c.residualLevel.rawValue) |")
        }
        out.append("")
        for c in a.consequences where c.pattern > 0 { out.append("- \(c.code): \(c.computation)") }
        out.append("")
        out.append("## Mitigation")
        out.append("")
        if a.cannotMitigate, let reason = a.cannotMitigateReason { out.append("**Cannot be mitigated**: \(reason).") }
        if a.mitigations.isEmpty { out.append("No mitigation measures proposed.") }
        for m in a.mitigations {
            out.append("- \(m.code) (\(m.title)): effect \(n(m.effect)) × credibility \(n(m.credibility)) = \(n(m.reduction))\(m.known ? "" : " — unknown measure")")
        }
        out.append("")
        out.append("## Diversion (step 9)")
        out.append("")
        out.append("Score \(n(a.diversion.score)), level \(a.diversion.level.rawValue).")
        for f in a.diversion.factors { out.append("- \(f)") }
        if !a.conditions.isEmpty {
            out.append("")
            out.append("## Conditions")
            out.append("")
            for c in a.conditions { out.append("- \(c)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func claimLine(_ claim: ClaimReference) -> String {
        let what = claim.property.map { "\($0) = \(claim.value ?? "")" } ?? "record"
        let sources = claim.sources.map { "\($0.publisher), \"\($0.title)\", \($0.published)\($0.url.map { " <\($0)>" } ?? "")" }.joined(separator: "; ")
        return "`\(claim.id)` (\(what); \(claim.status.rawValue), \(claim.confidence.rawValue), public from \(claim.publicFrom ?? "?")): \(sources)"
    }

    static func n(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
