import OversightCore

/// Dates as the evidence gives them: a partial date keeps its precision (`2022-12`, `2023-01-09`), and a
/// range says whether its bounds are real or only the first/last dates a source cites.
enum DateText {
    static func partial(_ date: PartialDate?) -> String { date?.description ?? "unknown" }

    /// "2023-01-09"; "from 2022-12-10 to 2022-12-12"; "from 2022-12 (first cited) to 2023-03 (last cited)";
    /// "from 2022-12-07, open"; each with "(imprecise)" when the fact holds on only some day of the range.
    static func range(_ range: DateRange) -> String {
        var text: String
        switch (range.start, range.end) {
        case (nil, nil):
            text = "dates unknown"
        case (let start?, let end?) where start == end && range.startIsReal && range.endIsReal:
            text = start.description
        case (let start?, let end?) where start == end:
            // Cited on one date only: say which bound is real and leave the rest open.
            let on = start.precision == .day ? "on" : "in"
            switch (range.startIsReal, range.endIsReal) {
            case (false, false): text = "cited \(on) \(start) only (first and last cited; start and end unknown)"
            case (true, _): text = "from \(start), last cited \(end), open"
            case (false, true): text = "first cited \(start), ended \(end)"
            }
        case (let start?, let end):
            text = "from \(start)" + (range.startIsReal ? "" : " (first cited)")
            if let end {
                text += " to \(end)" + (range.endIsReal ? "" : " (last cited)")
            } else {
                text += ", open"
            }
        case (nil, let end?):
            text = "start unknown, to \(end)" + (range.endIsReal ? "" : " (last cited)")
        }
        if !range.precise { text += " (imprecise)" }
        return text
    }

    /// The precision of a range's dates in words ("day", "month", "year", "month to day").
    static func precision(_ range: DateRange) -> String {
        let precisions = [range.start, range.end].compactMap { $0?.precision.rawValue }
        guard let first = precisions.first else { return "unknown" }
        return precisions.allSatisfy { $0 == first } ? first : precisions.joined(separator: " to ")
    }
}
