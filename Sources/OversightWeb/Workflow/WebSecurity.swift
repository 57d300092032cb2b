import Foundation
import Hummingbird
import OversightCore

/// How the web layer protects signed-in use: the session cookie, the CSRF checks and the body limits.
public struct WebSecurity: Sendable {
    /// Mark cookies `Secure` on every response (the server is reached over TLS, e.g. behind a proxy).
    /// Without it, cookies are still marked `Secure` on a request that says `X-Forwarded-Proto: https`.
    public var secureCookies: Bool
    /// Sign-in attempts per account and per address (counted in the store, across every server on the database).
    public var rateLimits: SignInLimits

    public init(secureCookies: Bool = false, rateLimits: SignInLimits = .init()) {
        self.secureCookies = secureCookies
        self.rateLimits = rateLimits
    }

    /// The session cookie: an opaque token the server looks up; HttpOnly, SameSite=Strict.
    static let sessionCookie = "oversight_session"
    /// The sign-in form's anti-forgery cookie (before there is a session): the form carries the same value.
    static let signInCookie = "oversight_signin"
    /// The hidden form field every HTML form posts its CSRF token in.
    static let csrfField = "_csrf"
    /// The largest HTML form body accepted (64 KiB); a larger one is answered 413.
    static let maximumFormBytes = 64 * 1024
    /// The largest JSON body the workflow API accepts (256 KiB).
    static let maximumJSONBytes = 256 * 1024

    func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers.contains { $0.name.canonicalName == "x-forwarded-proto" && $0.value.lowercased() == "https" }
    }

    func cookie(_ name: String, value: String, maxAge: Int?, request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    /// A cookie that tells the browser to forget `name`.
    func expired(_ name: String, request: Request) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes as 64 hex digits (cookie- and form-safe).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            text += String(word, radix: 16).leftPadded(to: 16)
        }
        return text
    }

    /// Compares two secrets in time that does not depend on where they first differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}

extension WebSecurity {
    /// The request body, or 413 naming the limit.
    static func collect(_ request: Request, limit: Int, what: String) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw HTTPError(.contentTooLarge, message: "\(what) is larger than \(limit / 1024) KiB, the most this server accepts. Send a smaller one.")
        }
    }
}
