import Foundation
import Hummingbird
import OversightCore
import OversightStore

/// Who may edit evidence: one check, given the request, that answers the name of the person editing (written
/// into the history of every claim they touch) or nil when the request may not edit.
///
/// The default refuses everyone; sign-in wires it to the session's user and their role (researcher).
public struct EvidenceEditorGate: Sendable {
    public var authorize: @Sendable (Request) async throws -> String?
    /// The CSRF token the request's session must send back with every editing form; nil when editing is not
    /// tied to a cookie session (nothing for a forged cross-site form to ride on).
    public var csrfToken: @Sendable (Request) async throws -> String?
    /// Whether `presented` (the form's `_csrf` field) is the request's session's token. Called for every form
    /// sent to an editing route.
    public var isValidCSRF: @Sendable (Request, String) async throws -> Bool

    public init(authorize: @escaping @Sendable (Request) async throws -> String?,
                csrfToken: @escaping @Sendable (Request) async throws -> String? = { _ in nil },
                isValidCSRF: @escaping @Sendable (Request, String) async throws -> Bool = { _, _ in true }) {
        self.authorize = authorize
        self.csrfToken = csrfToken
        self.isValidCSRF = isValidCSRF
    }

    /// Nobody may edit (the default).
    public static let disabled = EvidenceEditorGate { _ in nil }

    /// Everyone may edit, recorded under one name (a single-user installation, tests).
    public static func everyone(as actor: String) -> EvidenceEditorGate { EvidenceEditorGate { _ in actor } }
}

/// What the curation pages need: the store's curation, candidate and search features, who may edit, what to do
/// when evidence changes, and the clock for the history.
public struct CurationServices: Sendable {
    public typealias CurationStore = any EvidenceCurationStore & CandidateIncidentStore & SearchStore

    public var store: CurationStore
    public var editor: EvidenceEditorGate
    /// Called after every evidence write with the claims and entities it changed (continuous monitoring
    /// re-assesses the cases that depend on them).
    public var onChange: @Sendable (EvidenceChange) async -> Void
    /// The time written into the history, ISO 8601 UTC.
    public var now: @Sendable () -> String

    public init(store: CurationStore, editor: EvidenceEditorGate = .disabled,
                onChange: @escaping @Sendable (EvidenceChange) async -> Void = { _ in },
                now: @escaping @Sendable () -> String = CurationServices.utcNow) {
        self.store = store
        self.editor = editor
        self.onChange = onChange
        self.now = now
    }

    @Sendable public static func utcNow() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    /// The editor's name, or a 403 that says how to get the right to edit.
    func requireEditor(_ request: Request) async throws -> String {
        guard let actor = try await editor.authorize(request) else {
            throw WebError.forbidden("Editing evidence needs a researcher's sign-in. Sign in as a researcher, or start a single-user server with `oversight serve --editor NAME`.")
        }
        return actor
    }
}
