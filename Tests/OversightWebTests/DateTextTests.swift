import OversightCore
@testable import OversightWeb
import Testing

@Suite struct DateTextTests {
    static func range(_ start: String?, _ end: String?, startIsReal: Bool = true, endIsReal: Bool = true, precise: Bool = true) -> DateRange {
        DateRange(start: start.flatMap { PartialDate($0) }, startIsReal: startIsReal,
                  end: end.flatMap { PartialDate($0) }, endIsReal: endIsReal, precise: precise)
    }

    @Test(arguments: [
        (range("2023-01-09", "2023-01-09"), "2023-01-09"),
        (range("2022-12-10", "2022-12-12"), "from 2022-12-10 to 2022-12-12"),
        (range("2022-12-07", "2023-03", startIsReal: false, endIsReal: false), "from 2022-12-07 (first cited) to 2023-03 (last cited)"),
        (range("2022-12", "2023-03", startIsReal: false, endIsReal: false, precise: false), "from 2022-12 (first cited) to 2023-03 (last cited) (imprecise)"),
        (range("2023-01-13", nil, endIsReal: false), "from 2023-01-13, open"),
        (range("2023-01", "2023-01", startIsReal: false, endIsReal: false), "cited in 2023-01 only (first and last cited; start and end unknown)"),
        (range("2022-12-15", "2022-12-15", startIsReal: false, endIsReal: false), "cited on 2022-12-15 only (first and last cited; start and end unknown)"),
        (range("2022-12-07", "2022-12-07", endIsReal: false), "from 2022-12-07, last cited 2022-12-07, open"),
        (range(nil, "2024-01", endIsReal: false, precise: false), "start unknown, to 2024-01 (last cited) (imprecise)"),
        (range(nil, nil), "dates unknown"),
    ])
    func rangeWording(range: DateRange, text: String) {
        #expect(DateText.range(range) == text)
    }

    @Test(arguments: [
        (range("2023-01-09", "2023-01-09"), "day"),
        (range("2022-12", "2023-03"), "month"),
        (range("2022-12", "2023-01-09"), "month to day"),
        (range(nil, nil), "unknown"),
    ])
    func precisionWording(range: DateRange, text: String) {
        #expect(DateText.precision(range) == text)
    }
}
