import Foundation
import OversightStore
import PostgresNIO

/// Turns PostgreSQL client errors into messages a user can act on: what failed, where (host and port), and what
/// to check. Never includes the password, the query's bound values or a stack trace.
enum PostgresFailure {
    /// A failure to reach or log in to the server.
    static func connection(_ error: any Error, _ settings: PostgresSettings) -> StoreError {
        let place = "PostgreSQL at \(settings.host):\(settings.port)"
        guard let error = error as? PSQLError else {
            if error is CancellationError { return StoreError(.unreadableDatabase, "connecting to \(place) was cancelled") }
            return StoreError(.unreadableDatabase, "cannot connect to \(place): \(plain(error)). Check that the server runs and that host and port are right (pg_isready -h \(settings.host) -p \(settings.port)).")
        }
        if let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? "refused"
            switch state {
            case "28P01", "28000":
                return StoreError(.unreadableDatabase, "\(place) refused user '\(settings.user)': \(message). Check the user name and the password in the URL (it is not shown here) and the server's pg_hba.conf.")
            case "3D000":
                return StoreError(.unreadableDatabase, "\(place) has no database '\(settings.database)'. Create it (createdb -h \(settings.host) -p \(settings.port) -U \(settings.user) \(settings.database)) or fix the URL.")
            case "53300":
                return StoreError(.unreadableDatabase, "\(place) has too many connections: \(message). Lower max_connections in the URL or raise the server's max_connections.")
            case "42501":
                return StoreError(.unreadableDatabase, "\(place): user '\(settings.user)' lacks a privilege on database '\(settings.database)': \(message). Grant it (e.g. GRANT CREATE ON DATABASE) or use the database's owner.")
            default:
                return StoreError(.unreadableDatabase, "\(place) refused the connection: \(message) (SQLSTATE \(state)).")
            }
        }
        switch error.code {
        case .sslUnsupported:
            return StoreError(.unreadableDatabase, "\(place) does not offer TLS but the URL requires it; drop sslmode=require or enable ssl on the server.")
        case .authMechanismRequiresPassword:
            return StoreError(.unreadableDatabase, "\(place) asks user '\(settings.user)' for a password; put it in the URL: postgres://USER:PASSWORD@HOST:PORT/DATABASE (or in OVERSIGHT_DATABASE_URL, to keep it out of the shell history).")
        case .unsupportedAuthMechanism, .saslError:
            return StoreError(.unreadableDatabase, "\(place) asks for a login method the client does not support or the login failed (\(error.code)); use password or scram-sha-256 authentication in pg_hba.conf.")
        default:
            let cause = error.underlying.map(plain) ?? "\(error.code)"
            return StoreError(.unreadableDatabase, "cannot connect to \(place): \(cause). Check that the server runs and listens on that address and port (pg_isready -h \(settings.host) -p \(settings.port)), and any firewall between.")
        }
    }

    /// A failure of a statement: the server's message, detail and hint, without the query's values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                var text = info[.message] ?? "server error"
                if let detail = info[.detail] { text += " (\(detail))" }
                if let hint = info[.hint] { text += "; \(hint)" }
                if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
                return text
            }
            switch error.code {
            case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .connectionError:
                return "the connection to PostgreSQL was lost (\(error.underlying.map(plain) ?? "\(error.code)")); check that the server is still running"
            case .poolClosed:
                return "the store was closed"
            default:
                return error.underlying.map(plain) ?? "\(error.code)"
            }
        }
        return plain(error)
    }

    /// True for errors raised by the PostgreSQL client (as opposed to the caller's own errors, passed through).
    static func isClientError(_ error: any Error) -> Bool {
        error is PSQLError || error is PostgresDecodingError
    }

    private static func plain(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "timed out"
            case EHOSTUNREACH: return "host unreachable"
            case ENETUNREACH: return "network unreachable"
            default: return error.description
            }
        }
        if let error = error as? NIOConnectionError {
            let causes = error.connectionErrors.map { plain($0.error) }
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve the host name (\(dns))" }
            return causes.isEmpty ? "no address to connect to" : Array(Set(causes)).sorted().joined(separator: ", ")
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "timed out" }
        return String(describing: error)
    }
}
