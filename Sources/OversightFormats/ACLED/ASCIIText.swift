import Foundation
import OversightCore

/// Small text helpers for the per-row path of large imports, where Foundation's `trimmingCharacters(in:)` (a
/// round trip through UTF-16) dominated the cost of a row.
extension String {
    /// Without leading and trailing white space; `self` when there is none. Spaces and tabs (the padding seen in
    /// CSV exports) are trimmed byte by byte; a text that starts or ends with a non-ASCII character goes
    /// through Foundation, which knows every Unicode space.
    var trimmedSpaces: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first >= 0x80 || last >= 0x80 { return trimmingCharacters(in: .whitespaces) }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard isSpace(first) || isSpace(last) else { return self }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }

    /// Whether the text is empty or only white space.
    var isBlank: Bool {
        if utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        return utf8.contains { $0 >= 0x80 } && trimmingCharacters(in: .whitespaces).isEmpty
    }
}

extension CSVStreamReader.Row {
    /// Field `index` as a day when it is `YYYY-MM-DD` (spaces around allowed), read from the bytes.
    func isoDay(_ index: Int) -> Day? {
        guard index >= 0, index < count else { return nil }
        var i = starts[index]
        var end = ends[index]
        while i < end, base[i] == 0x20 { i += 1 }
        while end > i, base[end - 1] == 0x20 { end -= 1 }
        guard end - i == 10, base[i + 4] == UInt8(ascii: "-"), base[i + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for k in from..<from + length {
                let b = base[k]
                guard b >= 0x30, b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        guard let year = number(i, 4), let month = number(i + 5, 2), let day = number(i + 8, 2) else { return nil }
        return Day(year: year, month: month, day: day)
    }
}
