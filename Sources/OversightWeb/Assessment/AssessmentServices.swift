import Foundation
import OversightCore

/// What the assessment pages need from modules the web module does not depend on: the application reader
/// (OversightFormats' `ApplicationReader`, which lists every problem with its field path) and the demo
/// applications (OversightDemo). The CLI and the tests pass the real ones to `buildApplication`.
public struct AssessmentServices: Sendable {
    /// Reads an application; throws `ValidationError` listing every problem.
    public var readApplication: @Sendable (Data) throws -> ExportApplication
    /// Demo applications by name (file name without extension) → file.
    public var demoApplications: [String: URL]

    public init(readApplication: @escaping @Sendable (Data) throws -> ExportApplication, demoApplications: [String: URL] = [:]) {
        self.readApplication = readApplication
        self.demoApplications = demoApplications
    }

    /// The largest application accepted, in bytes (1 MiB); a larger body is answered 413.
    public static let maximumApplicationBytes = 1 << 20

    /// Without the full reader: the application is decoded as `ExportApplication` and the first decoding
    /// problem is reported with its path. No demo applications.
    public static let basic = AssessmentServices(readApplication: { data in
        do {
            return try JSONDecoder().decode(ExportApplication.self, from: data)
        } catch let error as DecodingError {
            throw ValidationError([basicIssue(error)])
        }
    })

    static func basicIssue(_ error: DecodingError) -> ValidationIssue {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "$" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ValidationIssue(path: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return ValidationIssue(path: path(context.codingPath), message: context.debugDescription)
        case .dataCorrupted(let context):
            return ValidationIssue(path: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ValidationIssue(path: "$", message: "the application cannot be read")
        }
    }

    /// The demo application `name`, read and validated; nil when there is no such demo.
    func demo(_ name: String) throws -> (data: Data, application: ExportApplication)? {
        guard let url = demoApplications[name] else { return nil }
        let data = try Data(contentsOf: url)
        return (data, try readApplication(data))
    }
}
