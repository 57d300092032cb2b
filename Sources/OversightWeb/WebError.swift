import Hummingbird

/// A request the application refuses, with a message that says what is wrong and how to fix it.
///
/// The error middleware turns it into a JSON body for the API and an error page for HTML; anything that is
/// not a `WebError` (or a Hummingbird `HTTPError`) becomes a generic 500.
public struct WebError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A query value or path the server cannot use (400).
        case badRequest
        /// No record with that id, or none known on the requested date (404).
        case notFound
        /// Sign in first (401).
        case unauthorized
        /// Signed in, but the role may not do this, or the form's CSRF token is wrong (403).
        case forbidden
        /// The body is not of a type the route reads (415).
        case unsupportedMediaType
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .unsupportedMediaType: return .unsupportedMediaType
        }
    }

    public var description: String { message }

    static func badRequest(_ message: String) -> WebError { WebError(.badRequest, message) }
    static func notFound(_ message: String) -> WebError { WebError(.notFound, message) }
    static func forbidden(_ message: String) -> WebError { WebError(.forbidden, message) }
    static func unauthorized(_ message: String) -> WebError { WebError(.unauthorized, message) }
}
