import Foundation
import OversightCore
import Testing

/// The transition table: every legal step leads where it should, every other (state, action) pair is refused.
struct LifecycleTests {
    static let legal: [(ApplicationState, ApplicationAction, ApplicationState)] = [
        (.draft, .updateDraft, .draft), (.draft, .submit, .submitted), (.submitted, .recordScreening, .screened),
        (.screened, .recordAssessment, .assessed), (.assessed, .recommend, .recommended), (.recommended, .approve, .approved),
        (.recommended, .deny, .denied), (.approved, .issue, .issued), (.issued, .recordShipment, .issued),
        (.issued, .suspend, .suspended), (.suspended, .reinstate, .issued), (.issued, .revoke, .revoked),
        (.suspended, .revoke, .revoked), (.issued, .expire, .expired), (.suspended, .expire, .expired),
    ]

    @Test(arguments: legal)
    func legalTransition(from: ApplicationState, action: ApplicationAction, to: ApplicationState) {
        #expect(Lifecycle.next(from: from, by: action) == to)
    }

    static var illegal: [(ApplicationState, ApplicationAction)] {
        let allowed = Set(legal.map { "\($0.0.rawValue)/\($0.1.rawValue)" })
        return ApplicationState.allCases.flatMap { state in ApplicationAction.allCases.map { (state, $0) } }
            .filter { !allowed.contains("\($0.0.rawValue)/\($0.1.rawValue)") }
    }

    @Test(arguments: illegal)
    func illegalTransition(from: ApplicationState, action: ApplicationAction) {
        #expect(Lifecycle.next(from: from, by: action) == nil)
    }
}
