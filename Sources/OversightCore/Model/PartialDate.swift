/// A date known to the year, the month or the day: `2023`, `2023-01`, `2023-01-09`.
///
/// Sources often give only a month or a year ("in post in January 2023"); a partial date keeps that
/// uncertainty instead of inventing a day. It covers every day from `earliestDay` to `latestDay`.
public struct PartialDate: Hashable, Sendable, CustomStringConvertible {
    public enum Precision: String, Sendable, Codable { case year, month, day }

    public let year: Int
    public let month: Int?
    public let day: Int?

    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day { guard day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil } }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ day: Day) {
        let c = day.components
        self.year = c.year
        self.month = c.month
        self.day = c.day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else (including impossible dates) is nil.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]) else { return nil }
        let month = parts.count > 1 ? Int(parts[1]) : nil
        let day = parts.count > 2 ? Int(parts[2]) : nil
        self.init(year: year, month: month, day: day)
    }

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    /// The first day this date may stand for.
    public var earliestDay: Day { Day(ordinal: Day.ordinal(year: year, month: month ?? 1, day: day ?? 1)) }

    /// The last day this date may stand for.
    public var latestDay: Day {
        let m = month ?? 12
        return Day(ordinal: Day.ordinal(year: year, month: m, day: day ?? Day.daysIn(month: m, year: year)))
    }

    public var description: String { PartialDate.text(year: year, month: month, day: day) }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, written digit by digit into a small string (no intermediate strings:
    /// dates are written for every claim of every assessment's digest).
    static func text(year: Int, month: Int?, day: Int?) -> String {
        guard (0...9999).contains(year), month.map({ (0...99).contains($0) }) ?? true, day.map({ (0...99).contains($0) }) ?? true else {
            var text = pad(year, 4)
            if let month { text += "-" + pad(month, 2) }
            if let day { text += "-" + pad(day, 2) }
            return text
        }
        let count = month == nil ? 4 : (day == nil ? 7 : 10)
        return String(unsafeUninitializedCapacity: count) { buffer in
            func digit(_ value: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(value) }
            buffer[0] = digit(year / 1000); buffer[1] = digit(year / 100 % 10); buffer[2] = digit(year / 10 % 10); buffer[3] = digit(year % 10)
            if let month {
                buffer[4] = UInt8(ascii: "-"); buffer[5] = digit(month / 10); buffer[6] = digit(month % 10)
                if let day { buffer[7] = UInt8(ascii: "-"); buffer[8] = digit(day / 10); buffer[9] = digit(day % 10) }
            }
            return count
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension PartialDate: Comparable {
    /// Orders by earliest day, then by precision (coarser first), so sorting is total and stable.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        if lhs.earliestDay != rhs.earliestDay { return lhs.earliestDay < rhs.earliestDay }
        return lhs.latestDay > rhs.latestDay
    }
}

extension PartialDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = PartialDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
