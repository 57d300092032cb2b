import Foundation
import Mustache

/// The Mustache templates, loaded once when the application is built from the module's resource folder,
/// so the server renders the same pages whatever its working directory.
struct PageRenderer: Sendable {
    /// Templates every page needs; building fails early when one is missing.
    static let requiredTemplates = ["layout", "claims", "asof-form", "incident-rows", "event-rows",
                                    "home", "incidents", "incident", "unit", "person", "source", "entity", "error",
                                    "claim-cites", "chain-table", "responsibility", "responsibility-page",
                                    "assessment", "assessment-claims", "assessment-form",
                                    "reports", "report",
                                    "signin", "dashboard", "applications", "application-new", "application", "alerts", "audit",
                                    "users", "account", "alert-item", "app-rows-queue", "app-rows-list", "action-errors",
                                    "search", "candidates", "candidate", "edit", "form-fields", "history"]

    let library: MustacheLibrary

    /// Loads every `*.mustache` file of `Templates/` in the module's resources.
    init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WebSetupError("the Templates folder is missing from the OversightWeb resources; rebuild the package")
        }
        try self.init(folder: folder)
    }

    init(folder: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw WebSetupError("cannot read the templates folder \(folder.path): \(error.localizedDescription)")
        }
        var library = MustacheLibrary()
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let url = folder.appendingPathComponent(file)
            let name = String(file.dropLast(".mustache".count))
            do {
                let text = try String(contentsOf: url, encoding: .utf8)
                try library.register(text, named: name)
            } catch {
                throw WebSetupError("the template \(file) cannot be loaded: \(error)")
            }
        }
        let missing = Self.requiredTemplates.filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else {
            throw WebSetupError("templates missing from \(folder.path): \(missing.joined(separator: ", "))")
        }
        self.library = library
    }

    /// Renders a view model with a page template.
    func render(_ model: Any, template: String) throws -> String {
        guard let html = library.render(ViewFlattener.flatten(model), withTemplate: template) else {
            throw WebSetupError("no template named \(template)")
        }
        return html
    }
}

/// The application cannot be built or a page cannot be rendered because of the installation, not the request.
struct WebSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
