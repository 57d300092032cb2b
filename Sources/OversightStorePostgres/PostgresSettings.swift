import Foundation
import OversightStore
import PostgresNIO

/// Where a PostgreSQL database is and how to log in, read from a URL such as
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=NAME&sslmode=disable`.
///
/// The password is kept for logging in only: `description`, `redactedURL` and every error message leave it out.
public struct PostgresSettings: Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    /// Never printed.
    var password: String?
    public var database: String
    /// The schema the tables live in (created when missing); nil for the user's default search path (`public`).
    public var schema: String?
    public var tls: TLSMode
    /// The most connections the store opens at once.
    public var maximumConnections: Int

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                schema: String? = nil, tls: TLSMode = .prefer, maximumConnections: Int = 8) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
        self.maximumConnections = maximumConnections
    }

    /// True for text that names a PostgreSQL database (`postgres://` or `postgresql://`), as opposed to a file path.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` URL. Errors say what is wrong without repeating the password.
    public init(url text: String) throws {
        guard PostgresSettings.isURL(text) else {
            throw StoreError(.unreadableDatabase, "'\(PostgresSettings.redact(text))' is not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let components = URLComponents(string: text) else {
            throw StoreError(.unreadableDatabase, "the PostgreSQL URL '\(PostgresSettings.redact(text))' is malformed; write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (percent-encode special characters)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.unreadableDatabase, "the PostgreSQL URL '\(PostgresSettings.redact(text))' has no host; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.unreadableDatabase, "the PostgreSQL URL '\(PostgresSettings.redact(text))' has no user; write postgres://USER@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.unreadableDatabase, "the PostgreSQL URL '\(PostgresSettings.redact(text))' names no database; end it with /DATABASE")
        }
        self.init(host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 },
                  database: database.removingPercentEncoding ?? database)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "schema", "search_path":
                guard PostgresSettings.isPlainIdentifier(value) else {
                    throw StoreError(.unreadableDatabase, "schema '\(value)' in the PostgreSQL URL is not allowed: use lower-case letters, digits and '_', starting with a letter")
                }
                schema = value
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw StoreError(.unreadableDatabase, "sslmode '\(value)' in the PostgreSQL URL is unknown; use disable, prefer or require")
                }
            case "max_connections", "pool_size":
                guard let count = Int(value), (1...100).contains(count) else {
                    throw StoreError(.unreadableDatabase, "\(item.name) '\(value)' in the PostgreSQL URL must be a number from 1 to 100")
                }
                maximumConnections = count
            default:
                throw StoreError(.unreadableDatabase, "the PostgreSQL URL option '\(item.name)' is unknown; known: schema, sslmode, max_connections")
            }
        }
    }

    /// Lower-case letters, digits and `_`, starting with a letter or `_`: safe to splice into SQL unquoted.
    static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.utf8.count <= 63 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_")
        return (first == "_" || ("a"..."z").contains(first)) && text.unicodeScalars.allSatisfy(allowed.contains)
    }

    /// The URL without the password.
    public var redactedURL: String {
        var text = "postgres://\(user)@\(host):\(port)/\(database)"
        if let schema { text += "?schema=\(schema)" }
        return text
    }

    public var description: String { redactedURL }

    /// A URL as given, with any password replaced by `***`, for messages about URLs that could not be read.
    public static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let credentials = rest[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound]) + credentials[..<colon] + ":***" + rest[at...]
    }

    /// The same settings with another schema.
    public func with(schema: String?) -> PostgresSettings {
        var copy = self
        copy.schema = schema
        return copy
    }

    private var startupParameters: [(String, String)] {
        // A run-time parameter in the startup message applies to the whole session, so every pooled
        // connection works in the store's schema.
        schema.map { [("search_path", $0)] } ?? []
    }

    private func nioTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: .disable)
        switch tls {
        case .disable: configuration.tls = .disable
        case .prefer: configuration.tls = .prefer(.makeClientConfiguration())
        case .require: configuration.tls = .require(.makeClientConfiguration())
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectionIdleTimeout = .seconds(30)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: try nioTLS())
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
