import Foundation
import OversightCore
import OversightFormats

/// Published licence data (CAAT's layouts). Both readers never throw: they return rows and one problem per bad
/// row. Every problem must name its line (and, for a row's field, its column) and say how to fix it; every row read
/// must be well formed (a year in range, known country codes or none, non-negative figures, money only in money
/// measures). The UK target splits its input at the first ASCII record separator (0x1E): licences before it, the
/// refusal-criteria file after it.
enum LicensingTargets {
    static func problems(_ problems: [LicensingRowProblem], _ name: String) {
        for problem in problems {
            FuzzCheck.expect(problem.line >= 0 && !problem.message.isEmpty && !problem.hint.isEmpty, name,
                             "a problem without a line, message or hint: \(problem)")
        }
    }

    static func figures(_ figures: [LicensingFigure], _ name: String) {
        for f in figures {
            FuzzCheck.expect((1900...2100).contains(f.year), name, "year \(f.year) out of range in \(f)")
            FuzzCheck.expect(f.amount >= 0, name, "a negative figure in \(f)")
            FuzzCheck.expect((f.currency != nil) == f.measure.isMoney, name, "a currency on a count, or none on money: \(f)")
            for code in [f.exporter, f.destination].compactMap({ $0 }) {
                FuzzCheck.expect(FuzzCheck.isCountry(code), name, "code \(code) is not a country in \(f)")
            }
        }
    }

    @Sendable static func eu(_ data: Data) {
        let file = EUArmsExportTable.read(data)
        problems(file.problems, "eu-export")
        FuzzCheck.expect(file.problems.count <= LicensingLimits.maximumProblems, "eu-export", "more problems listed than the cap")
        figures(file.figures, "eu-export")
    }

    @Sendable static func uk(_ data: Data) {
        let parts = data.split(separator: 0x1E, maxSplits: 1, omittingEmptySubsequences: false)
        let file = UKLicenceData.read(licences: Data(parts[0]), criteria: parts.count > 1 ? Data(parts[1]) : nil)
        problems(file.problems, "uk-licences")
        figures(file.figures, "uk-licences")
        var ids = Set<String>()
        for licence in file.licences {
            FuzzCheck.expect(ids.insert(licence.id).inserted, "uk-licences", "licence \(licence.id) appears twice")
            FuzzCheck.expect(licence.licences >= 1, "uk-licences", "a cohort of \(licence.licences) licences: \(licence)")
        }
    }
}
