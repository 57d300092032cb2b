import Foundation

/// How many sign-in attempts an account name and a client address may make over a sliding window, and the rule
/// that decides an attempt. The attempts themselves live in the store (`WorkflowStore.recordSignInAttempt`), so
/// the limit holds across every web node that serves one database.
///
/// Every attempt (successful or not) is counted against the account name (case-insensitively) and the address;
/// once either has reached its limit within the window, further attempts are refused, and not counted, until
/// the oldest one leaves the window. A successful sign-in clears the account's attempts, not the address's, so
/// one good password cannot reset the counter while others are guessed from the same address.
public struct SignInLimits: Sendable, Equatable {
    /// Attempts allowed per account name within `window`.
    public var perAccount: Int
    /// Attempts allowed per client address within `window`.
    public var perAddress: Int
    /// The sliding window, in seconds.
    public var window: TimeInterval

    public init(perAccount: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
    }

    /// The key an account name is counted under.
    public static func accountKey(_ name: String) -> String { name.lowercased() }

    /// Attempts made after this moment still count at `time`.
    public func windowStart(at time: Date) -> Date { time.addingTimeInterval(-window) }

    /// The decision on an attempt at `time`, given the earlier attempts still in the window for its account and
    /// its address: nil (allowed: record it) or why it is refused.
    public func refusal(accountAttempts: [Date], addressAttempts: [Date], at time: Date) -> SignInRefusal? {
        let start = windowStart(at: time)
        let account = accountAttempts.filter { $0 > start }
        let address = addressAttempts.filter { $0 > start }
        if account.count >= perAccount { return SignInRefusal(scope: .account, retryAfter: retry(account, at: time)) }
        if address.count >= perAddress { return SignInRefusal(scope: .address, retryAfter: retry(address, at: time)) }
        return nil
    }

    /// Whole seconds until the oldest attempt leaves the window (at least 1).
    private func retry(_ attempts: [Date], at time: Date) -> TimeInterval {
        guard let oldest = attempts.min() else { return 0 }
        return max(1, oldest.addingTimeInterval(window).timeIntervalSince(time).rounded(.up))
    }
}

/// Why a sign-in attempt is refused, and in how many seconds it may be retried.
public struct SignInRefusal: Sendable, Equatable {
    public enum Scope: String, Sendable { case account, address }
    public var scope: Scope
    public var retryAfter: TimeInterval

    public init(scope: Scope, retryAfter: TimeInterval) {
        self.scope = scope
        self.retryAfter = retryAfter
    }
}
