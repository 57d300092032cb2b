import Foundation
import OversightCore

/// Reads the countries lists write in words ("Iran (Islamic Republic of)", "Afghan", "Possibly Ethiopian",
/// "Sudanese by birth") or as codes (`ru`, `IRQ`) into ISO 3166 alpha-2 codes. Placeholders such as `na`
/// or "unknown" are not countries and give nil, as does anything not recognised.
enum CountryText {
    static func code(_ text: String, reference: ReferenceData = .shared) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let folded = NameKey.fold(trimmed)
        guard !folded.isEmpty, !placeholders.contains(folded) else { return nil }
        if (trimmed.count == 2 || trimmed.count == 3), trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) {
            return reference.country(trimmed)?.alpha2
        }
        if let country = reference.country(named: trimmed) { return country.alpha2 }
        // "Indonesia (as at Dec. 2003)", "United States. Also believed to hold Syrian nationality".
        var core = trimmed
        if let open = core.firstIndex(of: "(") { core = String(core[..<open]) }
        if let stop = core.firstIndex(where: { $0 == "." || $0 == "," || $0 == ";" }) { core = String(core[..<stop]) }
        var words = NameKey.fold(core).split(separator: " ").map(String.init)
        if words.first == "possibly" || words.first == "probably" { words.removeFirst() }
        if words.count >= 2, words.suffix(2) == ["by", "birth"] { words.removeLast(2) }
        guard !words.isEmpty else { return nil }
        let phrase = words.joined(separator: " ")
        if placeholders.contains(phrase) { return nil }
        if let country = reference.country(named: phrase) { return country.alpha2 }
        if let code = demonyms[phrase] { return code }
        // "Kuwaiti citizenship withdrawn in 2002": the first word names the country.
        if let code = demonyms[words[0]] { return code }
        return reference.country(named: words[0])?.alpha2
    }

    static let placeholders: Set<String> = ["na", "n a", "none", "unknown", "not known", "stateless", "nil", "null", "xx", "zz", "-"]

    static let demonyms: [String: String] = [
        "afghan": "AF", "algerian": "DZ", "american": "US", "azerbaijani": "AZ", "bahraini": "BH", "bangladeshi": "BD",
        "belarusian": "BY", "bosnian": "BA", "british": "GB", "burundian": "BI", "cameroonian": "CM", "chadian": "TD",
        "chinese": "CN", "egyptian": "EG", "emirati": "AE", "eritrean": "ER", "ethiopian": "ET", "filipino": "PH",
        "french": "FR", "georgian": "GE", "german": "DE", "indian": "IN", "indonesian": "ID", "iranian": "IR",
        "iraqi": "IQ", "italian": "IT", "jordanian": "JO", "kazakh": "KZ", "kenyan": "KE", "kuwaiti": "KW",
        "kyrgyz": "KG", "lebanese": "LB", "libyan": "LY", "malaysian": "MY", "malian": "ML", "mauritanian": "MR",
        "moroccan": "MA", "nigerian": "NG", "nigerien": "NE", "norwegian": "NO", "omani": "OM", "pakistani": "PK",
        "palestinian": "PS", "qatari": "QA", "russian": "RU", "rwandan": "RW", "saudi": "SA", "senegalese": "SN",
        "somali": "SO", "sudanese": "SD", "syrian": "SY", "tajik": "TJ", "tanzanian": "TZ", "tunisian": "TN",
        "turkish": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA", "uzbek": "UZ", "venezuelan": "VE",
        "yemeni": "YE",
    ]
}
