import Foundation

/// A person who signs in.
public struct UserAccount: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    /// Unique sign-in name.
    public var name: String
    public var role: Role
    /// A disabled user cannot sign in, and their sessions and tokens stop working.
    public var disabled: Bool
    public var createdAt: Date

    public init(id: String, name: String, role: Role, disabled: Bool = false, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
    }

    /// Sign-in names: 2 to 64 letters, digits, `.`, `_`, `-` or `@`, starting with a letter or digit.
    public static func nameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@")
        guard (2...64).contains(name.count) else { return "must be 2 to 64 characters long" }
        guard name.allSatisfy(allowed.contains) else { return "may contain only letters, digits, '.', '_', '-' and '@'" }
        guard name.first!.isLetter || name.first!.isNumber else { return "must start with a letter or a digit" }
        return nil
    }

    /// Reads everything (auditor and administrator).
    public var readsEverything: Bool { role == .auditor || role == .administrator }
}

/// A signed-in browser session. The store keeps only the SHA-256 of the token.
public struct SessionRecord: Codable, Sendable, Hashable {
    /// SHA-256 of the session token, hex.
    public var tokenHash: String
    public var userID: String
    public var createdAt: Date
    public var expiresAt: Date
    /// A random secret the CSRF tokens of this session are derived from (never sent as a cookie).
    public var csrfSecret: String

    public init(tokenHash: String, userID: String, createdAt: Date, expiresAt: Date, csrfSecret: String) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.csrfSecret = csrfSecret
    }
}

/// A session as the web layer uses it: the user, the CSRF token to put in every form, and when it ends.
public struct Session: Sendable, Hashable {
    public var user: UserAccount
    public var csrfToken: String
    public var expiresAt: Date

    public init(user: UserAccount, csrfToken: String, expiresAt: Date) {
        self.user = user
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// An API token for `/api/v1` (bearer auth). The store keeps only the SHA-256 of the token.
public struct APITokenRecord: Codable, Sendable, Hashable {
    public var tokenHash: String
    public var userID: String
    /// What the token is for, as its owner said.
    public var label: String
    public var createdAt: Date
    /// Nil: never expires (until revoked or the user is disabled).
    public var expiresAt: Date?

    public init(tokenHash: String, userID: String, label: String, createdAt: Date, expiresAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
