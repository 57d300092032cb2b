import Foundation
import Mustache

/// The Mustache templates, loaded once when the application is built from the module's resource folder,
/// so the server renders the same pages whatever its working directory.
struct PageRenderer: Sendable {
    /// Templates every page needs: each page view's own, and the layout and partials they include. Building
    /// fails early when one is missing.
    static var requiredTemplates: [String] {
        PageViews.all.map { $0.template } + ["layout", "claims", "asof-form", "incident-rows", "event-rows", "claim-cites",
                                             "chain-table", "responsibility", "assessment-claims", "alert-item", "app-rows-queue",
                                             "app-rows-list", "action-errors", "form-fields"]
    }

    let library: MustacheLibrary

    /// The `Templates` folder of the module's resources.
    static var templatesFolder: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    /// Loads every `*.mustache` file of `Templates/` in the module's resources.
    init() throws {
        guard let folder = Self.templatesFolder else {
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

    /// Renders a page with the template its view model names.
    func render<Page: PageView>(_ page: Page) throws -> String {
        guard let html = library.render(ViewFlattener.flatten(page), withTemplate: Page.template) else {
            throw WebSetupError("no template named \(Page.template)")
        }
        return html
    }
}

/// A page's view model, which names the template that renders it: a call site can no longer pair a model with
/// the wrong template, and the renderer refuses to start unless every page's template is loaded.
protocol PageView {
    static var template: String { get }
}

/// The application cannot be built or a page cannot be rendered because of the installation, not the request.
struct WebSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
