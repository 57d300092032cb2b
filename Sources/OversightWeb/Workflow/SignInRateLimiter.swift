import Foundation

/// Limits sign-in attempts per account and per client address over a sliding window.
///
/// Every attempt (successful or not) is counted against the account name and the address; once either has
/// reached its limit within the window, further attempts are refused until the oldest one leaves the window.
/// A successful sign-in clears the account's failures, not the address's, so one good password cannot be
/// used to reset the counter while guessing others from the same address. The clock is injected so tests
/// can move time without sleeping.
public actor SignInRateLimiter {
    public struct Limits: Sendable {
        /// Attempts allowed per account name within `window`.
        public var perAccount: Int
        /// Attempts allowed per client address within `window`.
        public var perAddress: Int
        /// The sliding window.
        public var window: TimeInterval

        public init(perAccount: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
        }
    }

    /// Why an attempt is refused, and from when it may be retried.
    public struct Refusal: Sendable, Equatable {
        public enum Scope: String, Sendable { case account, address }
        public var scope: Scope
        public var retryAfter: TimeInterval
    }

    public let limits: Limits
    private let now: @Sendable () -> Date
    private var accounts: [String: [Date]] = [:]
    private var addresses: [String: [Date]] = [:]
    private var attemptsSincePrune = 0

    public init(limits: Limits = Limits(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        self.now = now
    }

    /// Records an attempt for `account` from `address` unless one of them is over its limit; returns the
    /// refusal when it is (the refused attempt is not counted).
    public func attempt(account: String, address: String) -> Refusal? {
        let time = now()
        let accountKey = account.lowercased()
        let accountTimes = recent(accounts[accountKey], at: time)
        let addressTimes = recent(addresses[address], at: time)
        if accountTimes.count >= limits.perAccount {
            accounts[accountKey] = accountTimes
            return Refusal(scope: .account, retryAfter: retry(accountTimes, at: time))
        }
        if addressTimes.count >= limits.perAddress {
            addresses[address] = addressTimes
            return Refusal(scope: .address, retryAfter: retry(addressTimes, at: time))
        }
        accounts[accountKey] = accountTimes + [time]
        addresses[address] = addressTimes + [time]
        attemptsSincePrune += 1
        if attemptsSincePrune >= 1024 { prune(at: time) }
        return nil
    }

    /// A successful sign-in: the account's earlier attempts no longer count against it.
    public func succeeded(account: String) {
        accounts[account.lowercased()] = nil
    }

    private func recent(_ times: [Date]?, at time: Date) -> [Date] {
        guard let times else { return [] }
        let start = time.addingTimeInterval(-limits.window)
        return times.filter { $0 > start }
    }

    private func retry(_ times: [Date], at time: Date) -> TimeInterval {
        guard let oldest = times.min() else { return 0 }
        return max(1, oldest.addingTimeInterval(limits.window).timeIntervalSince(time).rounded(.up))
    }

    /// Drops keys with no attempt left in the window, so the tables do not grow without bound.
    private func prune(at time: Date) {
        attemptsSincePrune = 0
        accounts = accounts.compactMapValues { times in
            let kept = recent(times, at: time)
            return kept.isEmpty ? nil : kept
        }
        addresses = addresses.compactMapValues { times in
            let kept = recent(times, at: time)
            return kept.isEmpty ? nil : kept
        }
    }
}
