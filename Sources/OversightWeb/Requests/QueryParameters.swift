import Foundation
import Hummingbird
import OversightCore

/// Reads and checks query values; a value that cannot be used is a 400 that names the parameter, the value,
/// and the form expected. Empty values (what a blank form field submits) count as absent.
struct QueryParameters: Sendable {
    private let values: [String: String]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where values[String(key)] == nil {
            values[String(key)] = String(value)
        }
        self.values = values
    }

    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A day `YYYY-MM-DD`.
    func day(_ name: String) throws -> Day? {
        guard let text = text(name) else { return nil }
        guard let day = Day(text) else {
            throw WebError.badRequest("\(name)=\(text) is not a date: use YYYY-MM-DD, e.g. \(name)=2023-02-06")
        }
        return day
    }

    /// The knowledge date: only evidence public by this day counts.
    func asOf() throws -> Day? { try day("asOf") }

    /// An ISO 3166 alpha-2 country code, upper-cased.
    func country() throws -> String? {
        guard let text = text("country") else { return nil }
        guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw WebError.badRequest("country=\(text) is not an ISO 3166 alpha-2 country code: use two letters, e.g. country=PE for Peru")
        }
        return text.uppercased()
    }

    /// A whole number in `range`, or `defaultValue` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws -> Int {
        guard let text = text(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw WebError.badRequest("\(name)=\(text) is not allowed: use a whole number from \(range.lowerBound) to \(range.upperBound), e.g. \(name)=\(defaultValue)")
        }
        return value
    }
}

/// The filters of an incident listing.
struct IncidentFilter: Sendable, Equatable {
    var country: String?
    var from: Day?
    var to: Day?
    var asOf: Day?
    var limit: Int

    static let defaultLimit = 50
    static let maximumLimit = 500

    init(country: String? = nil, from: Day? = nil, to: Day? = nil, asOf: Day? = nil, limit: Int = IncidentFilter.defaultLimit) {
        self.country = country
        self.from = from
        self.to = to
        self.asOf = asOf
        self.limit = limit
    }

    init(_ query: QueryParameters, defaultLimit: Int = IncidentFilter.defaultLimit) throws {
        self.country = try query.country()
        self.from = try query.day("from")
        self.to = try query.day("to")
        self.asOf = try query.asOf()
        self.limit = try query.integer("limit", in: 1...IncidentFilter.maximumLimit, default: defaultLimit)
        if let from, let to, from > to {
            throw WebError.badRequest("from=\(from) is after to=\(to): the period must start before it ends; swap the two dates")
        }
    }
}
