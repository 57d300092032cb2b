/// A problem with input, said so that a person can fix it: where, what, and how.
public struct ValidationIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the problem is: a record id and field (`posting:p1.unit`) or a JSON path (`items[0].controlEntry`).
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Input that failed validation, with every problem found (not only the first).
public struct ValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) { self.issues = issues }

    public var description: String {
        issues.count == 1 ? issues[0].description
            : "\(issues.count) problems:\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
