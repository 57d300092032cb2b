import Foundation
import OversightCore
import Synchronization

/// The JSON the workflow tables and the audit log keep: sorted keys, dates as milliseconds since 1970, so that
/// the same value always gives the same text.
public enum WorkflowJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(type, from: Data(text.utf8))
    }

    /// Decoded values by their exact JSON text. Pages read the same stored records (assessments, decisions…) over
    /// and over; the same text always decodes to the same value, so a hit is always right. Bounded: emptied when full.
    private static let memo = Mutex<[ObjectIdentifier: [String: any Sendable]]>([:])
    private static let memoLimit = 4096

    /// `decode`, remembering the result for the same text.
    public static func cachedDecode<T: Decodable & Sendable>(_ type: T.Type, _ text: String) throws -> T {
        let key = ObjectIdentifier(type)
        if let hit = memo.withLock({ $0[key]?[text] }) as? T { return hit }
        let value = try decode(type, text)
        memo.withLock { memo in
            if memo[key, default: [:]].count >= memoLimit { memo[key] = [:] }
            memo[key, default: [:]][text] = value
        }
        return value
    }

    public static func milliseconds(_ date: Date) -> Int64 { AuditChain.milliseconds(date) }
    public static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
