import OversightApp
import OversightCore

extension ReportHTML {
    /// The page of a transparency report, as the web application serves it (for `oversight report --format html`).
    public static func transparency(_ built: TransparencyReports.Built, filter: ReportFilter) throws -> String {
        try PageRenderer().render(ReportPage(kind: built.kind, built: built, filter: filter))
    }
}
