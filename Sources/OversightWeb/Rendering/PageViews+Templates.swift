/// Which template renders each page (`PageView`): one list; `PageRenderer` checks at start that each is loaded.
extension HomePage: PageView { static let template = "home" }
extension IncidentsPage: PageView { static let template = "incidents" }
extension IncidentPage: PageView { static let template = "incident" }
extension UnitPage: PageView { static let template = "unit" }
extension PersonPage: PageView { static let template = "person" }
extension SourcePage: PageView { static let template = "source" }
extension EntityPage: PageView { static let template = "entity" }
extension ErrorPage: PageView { static let template = "error" }
extension ResponsibilityPage: PageView { static let template = "responsibility-page" }
extension AssessmentFormPage: PageView { static let template = "assessment-form" }
extension AssessmentReportPage: PageView { static let template = "assessment" }
extension ScreeningPage: PageView { static let template = "screening" }
extension ReportsIndexPage: PageView { static let template = "reports" }
extension ReportPage: PageView { static let template = "report" }
extension SearchPage: PageView { static let template = "search" }
extension CandidatesPage: PageView { static let template = "candidates" }
extension CandidatePage: PageView { static let template = "candidate" }
extension EditPage: PageView { static let template = "edit" }
extension HistoryPage: PageView { static let template = "history" }
extension ApplicationPage: PageView { static let template = "application" }
extension WorkflowPages.SignInPage: PageView { static let template = "signin" }
extension WorkflowPages.DashboardPage: PageView { static let template = "dashboard" }
extension WorkflowPages.ListPage: PageView { static let template = "applications" }
extension WorkflowPages.NewApplicationPage: PageView { static let template = "application-new" }
extension WorkflowPages.AlertsPage: PageView { static let template = "alerts" }
extension WorkflowPages.AuditPage: PageView { static let template = "audit" }
extension WorkflowPages.UsersPage: PageView { static let template = "users" }
extension WorkflowPages.AccountPage: PageView { static let template = "account" }

enum PageViews {
    /// Every page view type, for the check that each one's template is loaded.
    static var all: [any PageView.Type] { [
        HomePage.self, IncidentsPage.self, IncidentPage.self, UnitPage.self, PersonPage.self, SourcePage.self, EntityPage.self,
        ErrorPage.self, ResponsibilityPage.self, AssessmentFormPage.self, AssessmentReportPage.self, ScreeningPage.self,
        ReportsIndexPage.self, ReportPage.self, SearchPage.self, CandidatesPage.self, CandidatePage.self, EditPage.self,
        HistoryPage.self, ApplicationPage.self, WorkflowPages.SignInPage.self, WorkflowPages.DashboardPage.self,
        WorkflowPages.ListPage.self, WorkflowPages.NewApplicationPage.self, WorkflowPages.AlertsPage.self,
        WorkflowPages.AuditPage.self, WorkflowPages.UsersPage.self, WorkflowPages.AccountPage.self,
    ] }
}
