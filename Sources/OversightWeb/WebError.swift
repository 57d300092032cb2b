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
        /// The request may not do this (403): editing evidence without the right to.
        case forbidden
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
        case .forbidden: return .forbidden
        }
    }

    public var description: String { message }

    static func badRequest(_ message: String) -> WebError { WebError(.badRequest, message) }
    static func notFound(_ message: String) -> WebError { WebError(.notFound, message) }
    static func forbidden(_ message: String) -> WebError { WebError(.forbidden, message) }
}
