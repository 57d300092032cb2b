/// When a fact holds, with the semantics of the Security Force Monitor data standard.
///
/// - A **precise** range says the fact is true on every day between its first and last cited dates.
///   An **imprecise** range says only that it is true on at least one day of the range.
/// - `start` is the first cited date; `startIsReal` says whether it is the real beginning (a founding,
///   an appointment) or only the earliest date a source mentions it.
/// - `end` is the last cited date; `endIsReal` says whether it is the real end. Without a real end the
///   fact may or may not continue after `end`: an open end is never "forever".
public struct DateRange: Hashable, Sendable, Codable {
    public var start: PartialDate?
    public var startIsReal: Bool
    public var end: PartialDate?
    public var endIsReal: Bool
    public var precise: Bool

    public init(start: PartialDate? = nil, startIsReal: Bool = false, end: PartialDate? = nil,
                endIsReal: Bool = false, precise: Bool = true) {
        self.start = start
        self.startIsReal = startIsReal
        self.end = end
        self.endIsReal = endIsReal
        self.precise = precise
    }

    /// A single known day, true on that day.
    public static func on(_ day: Day) -> DateRange {
        DateRange(start: PartialDate(day), startIsReal: true, end: PartialDate(day), endIsReal: true)
    }

    /// How certain it is that the fact holds on a given day.
    public enum Presence: String, Sendable, Codable, Comparable {
        case no, possible, definite

        private var rank: Int { self == .no ? 0 : (self == .possible ? 1 : 2) }
        public static func < (lhs: Presence, rhs: Presence) -> Bool { lhs.rank < rhs.rank }
    }

    /// Whether the range's last bound comes before its first (every day of `end` before every day of `start`).
    public var isInverted: Bool {
        guard let start, let end else { return false }
        return end.latestDay < start.earliestDay
    }

    /// The earliest day the fact can hold: the start when it is real, otherwise unbounded (nil).
    public var earliestPossibleDay: Day? { startIsReal ? start?.earliestDay : nil }

    /// The last day the fact can hold: the end when it is real, otherwise unbounded (nil).
    public var latestPossibleDay: Day? { endIsReal ? end?.latestDay : nil }

    /// Presence on `day`.
    ///
    /// Definite needs a precise range whose cited bounds surely enclose the day (a partial bound counts
    /// only where every day it may stand for is on the right side). Possible covers the rest of the
    /// cited range, and beyond a bound that is not a real start or end. An imprecise range is never
    /// definite unless it is a single day.
    public func presence(on day: Day) -> Presence {
        if let first = earliestPossibleDay, day < first { return .no }
        if let last = latestPossibleDay, day > last { return .no }
        guard start != nil || end != nil else { return .possible }
        if precise, let start, let end, start.latestDay <= day, day <= end.earliestDay {
            return .definite
        }
        if !precise, let start, let end, start.earliestDay == end.latestDay, start.earliestDay == day {
            return .definite
        }
        if !precise {
            // Imprecise ranges state truth somewhere inside the cited window; outside it only where a bound is not real.
            if let start, day < start.earliestDay, startIsReal { return .no }
            if let end, day > end.latestDay, endIsReal { return .no }
        }
        return .possible
    }

    /// Whether the range may overlap the closed interval `from...to` (nil bounds are unbounded).
    public func mayOverlap(from: Day?, to: Day?) -> Bool {
        if let to, let first = earliestPossibleDay, first > to { return false }
        if let from, let last = latestPossibleDay, last < from { return false }
        return true
    }

    /// The cited window `[start.earliest, end.latest]` overlaps `from...to`: what a listing by date uses,
    /// where a range with no dates at all never matches.
    public func citedWindowOverlaps(from: Day?, to: Day?) -> Bool {
        guard let lo = start?.earliestDay ?? end?.earliestDay, let hi = end?.latestDay ?? start?.latestDay else { return false }
        if let to, lo > to { return false }
        if let from, hi < from { return false }
        return true
    }
}
