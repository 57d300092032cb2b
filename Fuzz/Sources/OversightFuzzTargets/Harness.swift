import Foundation
import OversightCore

/// One reader under fuzzing: a name (what `OVERSIGHT_FUZZ_TARGET` selects) and a function that feeds it one
/// input and checks what comes back. A check that fails calls `FuzzCheck.fail`, which aborts: libFuzzer then
/// keeps the input as a crash.
public struct FuzzTarget: Sendable {
    public let name: String
    /// What the target reads, for `OVERSIGHT_FUZZ_TARGET=list`.
    public let summary: String
    public let run: @Sendable (Data) -> Void

    public init(_ name: String, _ summary: String, _ run: @escaping @Sendable (Data) -> Void) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}

/// The checks every target makes, shared so each states the same contract:
///
/// - the reader returns records that pass the project's validation (`RecordValidator.standard`, or for screening
///   lists what `ScreeningList.prepareReplacement` requires), or
/// - it throws one of its own error types whose description names a place: a line or row number, or a field.
///
/// Anything else — another error type, a message naming no place, a record that validation rejects, a trap —
/// is a finding.
public enum FuzzCheck {
    /// Stops the process with a message; libFuzzer records the input.
    public static func fail(_ target: String, _ message: String) -> Never {
        FileHandle.standardError.write(Data("\n== fuzz finding in \(target): \(message)\n".utf8))
        abort()
    }

    /// Fails unless `condition` holds.
    public static func expect(_ condition: Bool, _ target: String, _ message: @autoclosure () -> String) {
        if !condition { fail(target, message()) }
    }

    /// Whether `text` says where the problem is: `line N`, `row N`, a field path such as `items[0].name`,
    /// or one of `fields` (column or element names of the format).
    public static func namesPlace(_ text: String, fields: [String]) -> Bool {
        if mentionsNumbered(text, "line ") || mentionsNumbered(text, "row ") { return true }
        let lower = text.lowercased()
        return fields.contains { lower.contains($0.lowercased()) }
    }

    static func mentionsNumbered(_ text: String, _ word: String) -> Bool {
        var rest = Substring(text.lowercased())
        while let range = rest.range(of: word) {
            if let next = rest[range.upperBound...].first, next.isASCII, next.isNumber { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    /// The validator importers run before writing.
    public static let validator = RecordValidator.standard

    /// Fails when `record` has validation issues.
    public static func valid(_ record: Record, _ target: String) {
        let issues = validator.check(record)
        if !issues.isEmpty { fail(target, "the reader returned a record that validation rejects: \(issues.map(\.description).joined(separator: "; "))") }
    }

    /// A known ISO 3166 alpha-2 code, as the validator wants it.
    public static func isCountry(_ code: String) -> Bool { validator.isKnownCountry(code) }
}
