import Foundation

/// Turns a name in any script into lower-case ASCII letters, digits and separators, so that names written in
/// Cyrillic, Arabic, Greek, Chinese… can be compared with their Latin spellings.
///
/// Uses ICU's transforms through Foundation (available on Linux too): BGN/PCGN for Cyrillic, because it
/// gives the spellings English-language lists use ("Шамиль" → "Shamil", not "Šamilʹ"), then `Any-Latin` and
/// `Latin-ASCII`. Where ICU is not available a small built-in table covers Cyrillic and Arabic.
public enum Transliteration {
    /// Whether the text is already plain ASCII (then there is nothing to transliterate).
    public static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// The text in Latin ASCII letters. ASCII text is returned unchanged.
    public static func toLatinASCII(_ text: String) -> String {
        if isASCII(text) { return text }
        let hasCyrillic = text.unicodeScalars.contains { (0x0400...0x052F).contains($0.value) }
        let transformID = hasCyrillic ? "Russian-Latin/BGN; Any-Latin; Latin-ASCII" : "Any-Latin; Latin-ASCII"
        let latin = text.applyingTransform(StringTransform(transformID), reverse: false) ?? fallback(text)
        return foldRemaining(latin)
    }

    /// Whether the text has letters outside the Latin script (and so is a candidate original-script name).
    public static func hasNonLatinLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.value >= 0x0370 && scalar.properties.isAlphabetic && !(0x1E00...0x1EFF).contains(scalar.value)
        }
    }

    /// Whatever the transforms left outside ASCII: diacritics are stripped, modifier letters (ʿ ʾ ʹ) dropped,
    /// a few letters without decomposition spelled out; other letters are kept as they are.
    static func foldRemaining(_ text: String) -> String {
        if isASCII(text) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value < 0x80 { out.append(scalar); continue }
            let category = scalar.properties.generalCategory
            if category == .nonspacingMark || category == .modifierLetter || category == .modifierSymbol { continue }
            if let spelled = extraLatin[scalar.value] {
                out.append(contentsOf: spelled.unicodeScalars)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(" ")
            }
        }
        return String(out)
    }

    private static let extraLatin: [UInt32: String] = [
        0x00DF: "ss", 0x00E6: "ae", 0x00C6: "ae", 0x00F8: "o", 0x00D8: "o", 0x0142: "l", 0x0141: "l", 0x0111: "d",
        0x0110: "d", 0x00F0: "d", 0x00D0: "d", 0x00FE: "th", 0x00DE: "th", 0x0131: "i", 0x0153: "oe", 0x0152: "oe",
        0x01DD: "e", 0x0259: "e", 0x018F: "e", 0x2019: "", 0x2018: "", 0x02BC: "",
    ]

    // MARK: - Fallback without ICU

    /// Cyrillic (BGN/PCGN-like) and Arabic (consonantal, as ICU renders it) letter by letter.
    static func fallback(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if let latin = cyrillic[scalar.value] ?? arabic[scalar.value] {
                out += latin
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static let cyrillic: [UInt32: String] = {
        let pairs: [(Character, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "e"), ("ж", "zh"),
            ("з", "z"), ("и", "i"), ("й", "y"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"),
            ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"), ("х", "kh"), ("ц", "ts"),
            ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "yu"),
            ("я", "ya"), ("і", "i"), ("ї", "yi"), ("є", "ye"), ("ґ", "g"), ("ў", "u"),
        ]
        return Dictionary(pairs.map { ($0.0.unicodeScalars.first!.value, $0.1) }, uniquingKeysWith: { a, _ in a })
    }()

    private static let arabic: [UInt32: String] = {
        let pairs: [(Character, String)] = [
            ("ا", "a"), ("أ", "a"), ("إ", "i"), ("آ", "a"), ("ب", "b"), ("ت", "t"), ("ث", "th"), ("ج", "j"),
            ("ح", "h"), ("خ", "kh"), ("د", "d"), ("ذ", "dh"), ("ر", "r"), ("ز", "z"), ("س", "s"), ("ش", "sh"),
            ("ص", "s"), ("ض", "d"), ("ط", "t"), ("ظ", "z"), ("ع", ""), ("غ", "gh"), ("ف", "f"), ("ق", "q"),
            ("ك", "k"), ("ل", "l"), ("م", "m"), ("ن", "n"), ("ه", "h"), ("و", "w"), ("ي", "y"), ("ى", "a"),
            ("ة", "h"), ("ء", ""), ("ئ", ""), ("ؤ", ""), ("پ", "p"), ("چ", "ch"), ("ژ", "zh"), ("گ", "g"),
            ("ی", "y"), ("ک", "k"),
        ]
        return Dictionary(pairs.map { ($0.0.unicodeScalars.first!.value, $0.1) }, uniquingKeysWith: { a, _ in a })
    }()
}
