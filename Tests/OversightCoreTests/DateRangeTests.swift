import Testing
@testable import OversightCore

struct DayTests {
    @Test(arguments: [("1970-01-01", 0), ("2023-01-09", 19366), ("2000-02-29", 11016), ("1969-12-31", -1)])
    func ordinalRoundTrip(text: String, ordinal: Int) throws {
        let day = try #require(Day(text))
        #expect(day.ordinal == ordinal)
        #expect(day.description == text)
    }

    @Test(arguments: ["2023-02-29", "2023-13-01", "2023-1-09", "20230109", "", "2023-01-09x", "２０２３-01-09"])
    func rejectsImpossibleOrMalformedDays(text: String) {
        #expect(Day(text) == nil)
    }
}

struct PartialDateTests {
    @Test func yearMonthAndDayPrecision() throws {
        let year = try #require(PartialDate("2022"))
        #expect(year.precision == .year)
        #expect(year.earliestDay == Day("2022-01-01"))
        #expect(year.latestDay == Day("2022-12-31"))
        let month = try #require(PartialDate("2024-02"))
        #expect(month.precision == .month)
        #expect(month.latestDay == Day("2024-02-29"))
        let day = try #require(PartialDate("2023-01-09"))
        #expect(day.earliestDay == day.latestDay)
    }

    @Test(arguments: ["22", "2022-00", "2022-12-32", "2022-02-30", "2022-1", "abcd"])
    func rejectsMalformed(text: String) {
        #expect(PartialDate(text) == nil)
    }

    @Test func ordersCoarserFirstOnSameStart() throws {
        let dates = ["2022-12-01", "2022", "2022-12", "2021-06"].compactMap { PartialDate($0) }.sorted()
        #expect(dates.map(\.description) == ["2021-06", "2022", "2022-12", "2022-12-01"])
    }
}

struct DateRangeTests {
    func day(_ text: String) -> Day { Day(text)! }

    @Test func preciseRangeIsDefiniteInsideAndNoOutsideRealBounds() {
        let range = DateRange(start: PartialDate("2022-12-21"), startIsReal: true, end: PartialDate("2023-01-13"), endIsReal: true)
        #expect(range.presence(on: day("2023-01-09")) == .definite)
        #expect(range.presence(on: day("2022-12-21")) == .definite)
        #expect(range.presence(on: day("2023-01-13")) == .definite)
        #expect(range.presence(on: day("2022-12-20")) == .no)
        #expect(range.presence(on: day("2023-01-14")) == .no)
    }

    @Test func openEndIsNeverForever() {
        // Last cited on 2022-12-09 with no real end: possible afterwards, never definite.
        let range = DateRange(start: PartialDate("2021-11-03"), startIsReal: true, end: PartialDate("2022-12-09"), endIsReal: false)
        #expect(range.presence(on: day("2022-12-09")) == .definite)
        #expect(range.presence(on: day("2022-12-15")) == .possible)
        #expect(range.presence(on: day("2030-01-01")) == .possible)
        #expect(range.presence(on: day("2021-11-02")) == .no)
    }

    @Test func missingEndIsPossibleNotDefinite() {
        let range = DateRange(start: PartialDate("2023-01-13"), startIsReal: true, end: nil, endIsReal: false)
        #expect(range.presence(on: day("2023-01-13")) == .possible)
        #expect(range.presence(on: day("2023-06-01")) == .possible)
        #expect(range.presence(on: day("2023-01-12")) == .no)
    }

    @Test func firstCitedDateThatIsNotAStartLeavesEarlierDaysPossible() {
        let range = DateRange(start: PartialDate("2022-12-15"), startIsReal: false, end: PartialDate("2022-12-15"), endIsReal: false)
        #expect(range.presence(on: day("2022-12-15")) == .definite)
        #expect(range.presence(on: day("2022-12-01")) == .possible)
    }

    @Test func partialBoundsAreDefiniteOnlyWhereEveryDayQualifies() {
        // In post from some day in August 2021 to some day in December 2023.
        let range = DateRange(start: PartialDate("2021-08"), startIsReal: true, end: PartialDate("2023-12"), endIsReal: true)
        #expect(range.presence(on: day("2021-08-15")) == .possible)
        #expect(range.presence(on: day("2021-09-01")) == .definite)
        #expect(range.presence(on: day("2023-11-30")) == .definite)
        #expect(range.presence(on: day("2023-12-31")) == .possible)
        #expect(range.presence(on: day("2024-01-01")) == .no)
        #expect(range.presence(on: day("2021-07-31")) == .no)
    }

    @Test func impreciseRangeIsOnlyEverPossible() {
        let range = DateRange(start: PartialDate("2022-12-07"), startIsReal: true, end: PartialDate("2022-12-20"), endIsReal: true, precise: false)
        #expect(range.presence(on: day("2022-12-15")) == .possible)
        #expect(range.presence(on: day("2022-12-07")) == .possible)
        #expect(range.presence(on: day("2022-12-21")) == .no)
        let single = DateRange(start: PartialDate("2023-01-09"), startIsReal: true, end: PartialDate("2023-01-09"), endIsReal: true, precise: false)
        #expect(single.presence(on: day("2023-01-09")) == .definite)
    }

    @Test func inversionAndCitedWindow() {
        let inverted = DateRange(start: PartialDate("2023-02"), end: PartialDate("2023-01"))
        #expect(inverted.isInverted)
        let sameMonth = DateRange(start: PartialDate("2023-01-20"), end: PartialDate("2023-01"))
        #expect(!sameMonth.isInverted)
        let range = DateRange(start: PartialDate("2022-12-10"), end: PartialDate("2022-12-12"))
        #expect(range.citedWindowOverlaps(from: day("2022-12-12"), to: nil))
        #expect(!range.citedWindowOverlaps(from: day("2022-12-13"), to: nil))
        #expect(!DateRange().citedWindowOverlaps(from: nil, to: nil))
    }
}

struct DateTextTests {
    @Test(arguments: [1, 999, 1000, 1986, 2023, 9999, 10_000, 12_345])
    func datesAreWrittenPaddedLikeTheFormatter(year: Int) {
        for (month, day) in [(1, 1), (2, 28), (10, 9), (12, 31)] {
            // Partial dates hold years 1 to 9999; days (and their text) any year.
            #expect(PartialDate(year: year, month: month, day: day).map(\.description) == ((1...9999).contains(year) ? String(format: "%04d-%02d-%02d", year, month, day) : nil))
            #expect(PartialDate(year: year, month: month).map(\.description) == ((1...9999).contains(year) ? String(format: "%04d-%02d", year, month) : nil))
            #expect(PartialDate(year: year).map(\.description) == ((1...9999).contains(year) ? String(format: "%04d", year) : nil))
            if let d = Day(year: year, month: month, day: day) { #expect(d.description == String(format: "%04d-%02d-%02d", year, month, day)) }
        }
    }
}
