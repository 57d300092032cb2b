import Crypto
import Foundation

/// What a write asks the audit log to record; the store numbers and chains it in the same transaction.
public struct AuditDraft: Codable, Sendable, Hashable {
    public var at: Date
    /// The user's sign-in name, or `system`.
    public var actor: String
    /// Dotted verb, e.g. `application.submit`, `user.create`, `alert.acknowledge`.
    public var action: String
    /// What was written, e.g. `application:A-2026-00017`.
    public var subject: String
    /// JSON of the subject before the write (nil when created).
    public var before: String?
    /// JSON of the subject after the write (nil when deleted).
    public var after: String?

    public init(at: Date, actor: String, action: String, subject: String, before: String? = nil, after: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
    }
}

/// One entry of the hash-chained audit log.
public struct AuditEntry: Codable, Sendable, Hashable, Identifiable {
    /// 1, 2, 3… without gaps.
    public var seq: Int
    public var at: Date
    public var actor: String
    public var action: String
    public var subject: String
    public var before: String?
    public var after: String?
    /// The previous entry's hash (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over `previousHash` and this entry's canonical bytes, hex.
    public var hash: String

    public var id: Int { seq }

    public init(seq: Int, at: Date, actor: String, action: String, subject: String, before: String?, after: String?,
                previousHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
    }

    /// Chains a draft after the entry with `previousHash` at position `seq`.
    public init(seq: Int, draft: AuditDraft, previousHash: String) {
        self.init(seq: seq, at: draft.at, actor: draft.actor, action: draft.action, subject: draft.subject,
                  before: draft.before, after: draft.after, previousHash: previousHash, hash: "")
        hash = AuditChain.hash(of: self)
    }

    /// Milliseconds since 1970, the precision the log keeps.
    public var atMilliseconds: Int64 { AuditChain.milliseconds(at) }
}

/// The first entry of the chain that does not check out.
public struct AuditBreak: Codable, Sendable, Hashable, CustomStringConvertible {
    public var seq: Int
    public var reason: String

    public init(seq: Int, reason: String) {
        self.seq = seq
        self.reason = reason
    }

    public var description: String { "entry \(seq): \(reason)" }
}

/// The result of checking the whole chain.
public struct AuditVerification: Codable, Sendable, Hashable {
    public var entriesChecked: Int
    public var lastHash: String
    /// Nil when every entry checks out.
    public var firstBreak: AuditBreak?

    public init(entriesChecked: Int, lastHash: String, firstBreak: AuditBreak?) {
        self.entriesChecked = entriesChecked
        self.lastHash = lastHash
        self.firstBreak = firstBreak
    }

    public var isIntact: Bool { firstBreak == nil }
}

/// The audit log's hash chain: canonical bytes of an entry, its hash, and verification.
public enum AuditChain {
    /// The previous hash of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The bytes the hash covers: every field except the hash itself, each as its UTF-8 length, a colon and its
    /// bytes, so no two different entries share a byte string. An absent before/after is `-` (a present one has a length).
    public static func canonicalBytes(of entry: AuditEntry) -> [UInt8] {
        var bytes: [UInt8] = []
        func field(_ text: String?) {
            guard let text else { bytes.append(UInt8(ascii: "-")); bytes.append(10); return }
            let utf8 = Array(text.utf8)
            bytes += Array(String(utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes += utf8
            bytes.append(10)
        }
        field("oversight-audit-v1")
        field(String(entry.seq))
        field(String(milliseconds(entry.at)))
        field(entry.actor)
        field(entry.action)
        field(entry.subject)
        field(entry.before)
        field(entry.after)
        return bytes
    }

    /// SHA-256 over the previous hash (as its 64 hex characters) followed by the canonical bytes, hex.
    public static func hash(of entry: AuditEntry) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(entry.previousHash.utf8))
        hasher.update(data: canonicalBytes(of: entry))
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Checks entries in order, a page at a time, so a long log never has to be in memory at once.
    public struct Verifier: Sendable {
        public private(set) var expectedSeq = 1
        public private(set) var previousHash = AuditChain.genesis
        public private(set) var checked = 0
        public private(set) var firstBreak: AuditBreak?

        public init() {}

        /// Checks the next entry; returns false once the chain is broken (later entries are not checked).
        @discardableResult
        public mutating func check(_ entry: AuditEntry) -> Bool {
            guard firstBreak == nil else { return false }
            if entry.seq != expectedSeq {
                firstBreak = AuditBreak(seq: expectedSeq, reason: entry.seq > expectedSeq
                    ? "missing: the log jumps from entry \(expectedSeq - 1) to entry \(entry.seq) (entries were deleted)"
                    : "out of order: entry \(entry.seq) follows entry \(expectedSeq - 1)")
                return false
            }
            if entry.previousHash != previousHash {
                firstBreak = AuditBreak(seq: entry.seq, reason: "its previous-hash does not match the hash of entry \(entry.seq - 1) (an entry was replaced or removed)")
                return false
            }
            if AuditChain.hash(of: entry) != entry.hash {
                firstBreak = AuditBreak(seq: entry.seq, reason: "its content does not match its hash (the entry was edited after it was written)")
                return false
            }
            previousHash = entry.hash
            expectedSeq += 1
            checked += 1
            return true
        }

        public var result: AuditVerification {
            AuditVerification(entriesChecked: checked, lastHash: previousHash, firstBreak: firstBreak)
        }
    }

    /// Checks a whole chain held in memory.
    public static func verify(_ entries: [AuditEntry]) -> AuditVerification {
        var verifier = Verifier()
        for entry in entries where verifier.check(entry) {}
        return verifier.result
    }
}
