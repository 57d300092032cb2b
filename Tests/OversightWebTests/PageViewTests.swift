import Foundation
@testable import OversightWeb
import Testing

/// Each page's view model names its template, and the renderer does not start without every one of them.
@Suite struct PageViewTests {
    @Test func everyPageTemplateIsRequiredAndLoaded() throws {
        let required = Set(PageRenderer.requiredTemplates)
        for page in PageViews.all { #expect(required.contains(page.template), "\(page)") }
        let renderer = try PageRenderer()
        for name in required { #expect(renderer.library.getTemplate(named: name) != nil, "\(name)") }
    }

    @Test func aMissingPageTemplateStopsTheRendererAtStart() throws {
        let source = try #require(PageRenderer.templatesFolder)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent(WorkflowPages.DashboardPage.template + ".mustache"))
        let error = #expect(throws: WebSetupError.self) { _ = try PageRenderer(folder: folder) }
        #expect(error?.description.contains("dashboard") == true)
    }
}
