import Foundation
import OversightCore
import OversightFormats

/// Export applications (API submissions): the reader returns an application whose required fields are filled
/// and whose countries are ISO codes, or throws a `ValidationError` whose every issue has a field path.
enum ApplicationTarget {
    @Sendable static func run(_ data: Data) {
        let name = "application"
        do {
            let application = try ApplicationReader.read(data)
            FuzzCheck.expect(!application.id.trimmingCharacters(in: .whitespaces).isEmpty, name, "an application without an id")
            FuzzCheck.expect(FuzzCheck.isCountry(application.exporter) && FuzzCheck.isCountry(application.destination), name,
                             "exporter \(application.exporter) or destination \(application.destination) is not a country")
            FuzzCheck.expect(!application.items.isEmpty, name, "an application without items")
        } catch let error as ValidationError {
            FuzzCheck.expect(!error.issues.isEmpty, name, "a validation error without issues")
            for issue in error.issues {
                FuzzCheck.expect(!issue.path.isEmpty && !issue.message.isEmpty, name, "an issue without a field path or message: \(issue)")
            }
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
    }
}
