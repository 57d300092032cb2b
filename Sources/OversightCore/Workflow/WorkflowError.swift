/// A workflow failure a user can act on. The web layer maps `code` to an HTTP status and shows `fields` next
/// to the form fields; `message` never contains SQL or a stack trace.
public struct WorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// Bad input; `fields` says which field and why (HTTP 422).
        case invalid
        /// No such user, application, permit or alert (404).
        case notFound
        /// Wrong name or password, expired or unknown session or token (401).
        case unauthenticated
        /// The role or ownership does not allow it (403).
        case forbidden
        /// Not allowed in the current state (409).
        case invalidTransition
        /// The four-eyes rule forbids it (403).
        case fourEyes
        /// A shipment beyond the permit's limits (422).
        case limitExceeded
        /// Someone else changed it first, or a name is taken (409).
        case conflict
    }

    public var code: Code
    public var message: String
    /// Field name → what is wrong with it and how to fix it.
    public var fields: [String: String]

    public init(_ code: Code, _ message: String, fields: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    public init(_ code: Code, _ message: String, field: String) {
        self.init(code, message, fields: [field: message])
    }

    /// Bad input in these fields.
    public static func invalid(_ fields: [String: String]) -> WorkflowError {
        let summary = fields.keys.sorted().map { "\($0): \(fields[$0]!)" }.joined(separator: "; ")
        return WorkflowError(.invalid, summary, fields: fields)
    }

    public var description: String { message }
}
