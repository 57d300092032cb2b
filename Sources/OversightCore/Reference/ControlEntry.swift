/// One entry of the munitions list: Wassenaar Arrangement ML1–ML22, which Canada's Export Control List
/// numbers 2-1 to 2-22 in Group 2.
public struct ControlEntry: Hashable, Sendable, Codable, Identifiable {
    /// Canonical code, `ML1` … `ML22`.
    public var id: String
    /// Canada Export Control List item, `2-1` … `2-22`.
    public var ecl: String
    /// The entry number, 1 … 22.
    public var number: Int
    /// Short title.
    public var title: String
    /// ATT Art. 2(1) categories (`I` … `VIII`) the entry may fall under; the mapping is partial and
    /// many-to-one, so most entries have none.
    public var attCategories: [String]

    public init(id: String, ecl: String, number: Int, title: String, attCategories: [String] = []) {
        self.id = id
        self.ecl = ecl
        self.number = number
        self.title = title
        self.attCategories = attCategories
    }

    /// The range of entry numbers on the list.
    public static let numbers: ClosedRange<Int> = 1...22

    /// The canonical code (`ML14`) for a control entry written in any usual way: `ML14`, `ml 14`, `ML-14`,
    /// `2-14`, `2 - 14`, with surrounding spaces, and with a sub-item suffix such as `ML14.a` or `2-10.h.1`
    /// (which is dropped). Returns nil for anything else, including numbers outside 1…22 (`2-99`, `ML0`),
    /// other Export Control List groups (`3-1`), leading zeros and trailing garbage.
    public static func canonicalCode(_ text: String) -> String? {
        var rest = Substring(text.uppercased())
        rest = rest.drop(while: \.isWhitespace)
        while let last = rest.last, last.isWhitespace { rest = rest.dropLast() }

        if rest.hasPrefix("ML") {
            rest = rest.dropFirst(2).drop(while: { $0 == " " || isDash($0) })
        } else if rest.hasPrefix("2") {
            rest = rest.dropFirst()
            let separator = rest.prefix(while: { $0 == " " || isDash($0) })
            guard separator.contains(where: isDash) else { return nil }
            rest = rest.dropFirst(separator.count)
        } else {
            return nil
        }

        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard (1...2).contains(digits.count), digits.first != "0",
              let number = Int(digits), numbers.contains(number) else { return nil }
        let suffix = rest.dropFirst(digits.count)
        guard suffix.isEmpty || isSubItem(suffix) else { return nil }
        return "ML\(number)"
    }

    private static func isDash(_ character: Character) -> Bool {
        character == "-" || character == "\u{2010}" || character == "\u{2011}" || character == "\u{2013}"
    }

    /// `.A`, `.H.1`, `.A.2.B`: a dot, then a letter, then letters, digits and dots.
    private static func isSubItem(_ suffix: Substring) -> Bool {
        guard suffix.first == ".", let second = suffix.dropFirst().first, second.isLetter else { return false }
        return suffix.allSatisfy { $0 == "." || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
