/// The four-eyes rule: a high-risk case (any regime assessed `refer` or worse) is decided by a senior reviewer
/// who is not the officer who recommended it. Officers decide only cases assessed `approve` or
/// `approve-with-conditions`.
public enum FourEyes {
    /// The worst verdict over the regimes, nil when there is none.
    public static func worst(_ verdicts: [String: Verdict]) -> Verdict? { verdicts.values.max() }

    /// Whether deciding this assessment needs a second person.
    public static func isHighRisk(_ verdicts: [String: Verdict]) -> Bool { (worst(verdicts) ?? .approve) >= .refer }

    /// Throws `WorkflowError.Code.fourEyes` when `decider` may not decide a case with these verdicts that
    /// `recommenderID` recommended.
    public static func check(decider: UserAccount, recommenderID: String?, verdicts: [String: Verdict]) throws {
        guard isHighRisk(verdicts) else { return }
        let worst = worst(verdicts)!.rawValue
        if decider.id == recommenderID {
            throw WorkflowError(.fourEyes, "four-eyes rule: the assessment is \(worst), so the officer who recommended this case cannot decide it; a senior reviewer must")
        }
        if decider.role != .seniorReviewer {
            throw WorkflowError(.fourEyes, "four-eyes rule: the assessment is \(worst), so only a senior reviewer may decide this case")
        }
    }
}
