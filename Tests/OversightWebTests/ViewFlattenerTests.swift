@testable import OversightWeb
import Testing

/// View values become dictionaries and arrays once, absent optionals left out (as Mustache treats nil).
struct ViewFlattenerTests {
    struct Row { var name: String; var note: String?; var count: Int? }
    struct Page { var title: String; var rows: [Row]; var extra: Row?; var nested: String??; var tags: [String: Int] }

    @Test func structsOptionalsArraysAndDictionariesFlatten() throws {
        let page = Page(title: "T", rows: [Row(name: "a", note: nil, count: 1), Row(name: "b", note: "n", count: nil)],
                        extra: nil, nested: .some(.some("deep")), tags: ["x": 2])
        let flat = try #require(ViewFlattener.flatten(page) as? [String: Any])
        #expect(flat["title"] as? String == "T")
        #expect(flat["extra"] == nil, "an absent optional is left out")
        #expect(flat["nested"] as? String == "deep", "optionals of optionals unwrap")
        let rows = try #require(flat["rows"] as? [Any])
        let first = try #require(rows.first as? [String: Any])
        #expect(first["name"] as? String == "a" && first["note"] == nil && first["count"] as? Int == 1)
        let second = try #require(rows.last as? [String: Any])
        #expect(second["note"] as? String == "n" && second["count"] == nil)
        #expect((flat["tags"] as? [String: Any])?["x"] as? Int == 2)
        let wrapped: Any = Optional<Int>.some(3) as Any
        #expect(ViewFlattener.flatten(wrapped) as? Int == 3)
    }
}
