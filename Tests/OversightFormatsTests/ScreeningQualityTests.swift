import Foundation
import OversightCore
import OversightFormats
import Testing

/// Quality of the matcher on the real UN Security Council list (../shared/data): recall on treated variants
/// of listed names, false positives on plausible names that are not listed. Targets: recall ≥ 0.95, false
/// positives ≤ 1 % at the default threshold 0.70. The figures are printed.
@Suite(.enabled(if: ScreeningSharedData.exists(ScreeningSharedData.unList), ScreeningSharedData.missingUN))
struct ScreeningQualityTests {
    static let threshold = ScreeningConfiguration.defaultThreshold

    @Test func recallOnTreatedVariantsAndFalsePositivesOnUnlistedNames() throws {
        let entries = ScreeningSharedData.unEntries
        #expect(entries.count > 1000)
        let screener = Screener(entries: entries)

        // Recall.
        var generator = SeededGenerator(seed: 2020_11_30)
        var tried: [Treatment: Int] = [:], found: [Treatment: Int] = [:]
        var misses: [String] = []
        for entry in entries {
            let name = entry.names[0].text
            for treatment in Treatment.allCases {
                guard let variant = treatment.apply(to: name, using: &generator), NameKey.fold(variant) != NameKey.fold(name) else { continue }
                tried[treatment, default: 0] += 1
                let hits = screener.screen(ScreeningQuery(name: variant, limit: 200))
                if hits.contains(where: { $0.entry.id == entry.id }) {
                    found[treatment, default: 0] += 1
                } else if misses.count < 40 {
                    misses.append("\(treatment.rawValue): \(variant) ← \(name)")
                }
            }
        }
        let totalTried = tried.values.reduce(0, +), totalFound = found.values.reduce(0, +)
        let recall = Double(totalFound) / Double(totalTried)
        print("screening quality — UN list \(entries.count) entries, threshold \(Self.threshold)")
        for treatment in Treatment.allCases {
            let t = tried[treatment] ?? 0, f = found[treatment] ?? 0
            print("  recall \(treatment.rawValue): \(f)/\(t) = \(Self.percent(Double(f) / Double(max(t, 1))))")
        }
        print("  recall overall: \(totalFound)/\(totalTried) = \(Self.percent(recall))")
        for miss in misses.prefix(15) { print("  missed: \(miss)") }

        // False positives on plausible names that are not listed.
        let listed = Set(entries.flatMap { $0.names.map { Set(NameNormalizer.normalize($0.text).tokens) } })
        let unlisted = UnlistedNames.make(count: 2_000, organizations: 500, excluding: listed)
        var falsePositives: [String] = []
        for (name, schema) in unlisted {
            if let hit = screener.screen(ScreeningQuery(name: name, schema: schema)).first {
                falsePositives.append("\(name) → \(hit.matchedName), score \(String(format: "%.2f", hit.score))")
            }
        }
        let rate = Double(falsePositives.count) / Double(unlisted.count)
        print("  false positives on unlisted names: \(falsePositives.count)/\(unlisted.count) = \(Self.percent(rate))")
        for fp in falsePositives.prefix(15) { print("  false positive: \(fp)") }

        // Harder: a given name of one listed person with the family name of another (reported, not a target).
        let hard = UnlistedNames.recombined(entries, count: 1_000, excluding: listed, using: &generator)
        let hardHits = hard.filter { !screener.screen(ScreeningQuery(name: $0, schema: .person)).isEmpty }
        print("  hits on recombined listed name parts (given name of one, family name of another): \(hardHits.count)/\(hard.count) = \(Self.percent(Double(hardHits.count) / Double(max(hard.count, 1))))")
        for hit in hardHits.prefix(8) { print("  recombined hit: \(hit)") }

        #expect(recall >= 0.95, "recall \(recall)")
        #expect(rate <= 0.01, "false-positive rate \(rate)")
    }

    static func percent(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }
}

/// Ways a name gets mangled between a list and a counterparty's paperwork.
enum Treatment: String, CaseIterable, Hashable {
    case substitutedLetter = "typo (substituted letter)"
    case swappedLetters = "swapped neighbouring letters"
    case droppedLetter = "dropped letter"
    case doubledLetter = "doubled or inserted letter"
    case droppedToken = "dropped token (names of 3+ tokens)"
    case reorderedTokens = "reordered tokens"
    case transliteration = "transliteration spelling variant"

    func apply(to name: String, using generator: inout SeededGenerator) -> String? {
        var words = name.split(separator: " ").map(String.init)
        let candidates = words.indices.filter { words[$0].count >= 4 && words[$0].allSatisfy(\.isLetter) }
        switch self {
        case .substitutedLetter, .swappedLetters, .droppedLetter, .doubledLetter:
            guard let w = candidates.randomElement(using: &generator) else { return nil }
            var letters = Array(words[w])
            let i = Int.random(in: 1..<(letters.count - 1), using: &generator)
            switch self {
            case .substitutedLetter:
                let alphabet = Array("abcdefghijklmnopqrstuvwxyz").filter { String($0) != letters[i].lowercased() }
                letters[i] = letters[i].isUppercase ? Character(alphabet.randomElement(using: &generator)!.uppercased()) : alphabet.randomElement(using: &generator)!
            case .swappedLetters:
                guard letters[i] != letters[i + 1] else { return nil }
                letters.swapAt(i, i + 1)
            case .droppedLetter:
                letters.remove(at: i)
            default:
                letters.insert(letters[i], at: i)
            }
            words[w] = String(letters)
            return words.joined(separator: " ")
        case .droppedToken:
            var units = Treatment.units(words)
            guard units.count >= 3 else { return nil }
            units.remove(at: Int.random(in: 0..<units.count, using: &generator))
            return units.joined(separator: " ")
        case .reorderedTokens:
            var units = Treatment.units(words)
            guard units.count >= 2 else { return nil }
            units.insert(units.removeLast(), at: 0)
            return units.joined(separator: " ")
        case .transliteration:
            let lower = name.lowercased()
            var rules = Treatment.spellingRules
            rules.shuffle(using: &generator)
            for (from, to) in rules where lower.contains(from) {
                guard let range = lower.range(of: from) else { continue }
                return String(lower[..<range.lowerBound]) + to + String(lower[range.upperBound...])
            }
            return nil
        }
    }

    /// The parts of a name: words, with a particle joined to the word it belongs to ("ABD AL-NASIR",
    /// "ABU BAKR", "BIN LADIN"), since dropping or moving half of a compound makes another name.
    static func units(_ words: [String]) -> [String] {
        let particles: Set<String> = ["ABD", "ABDUL", "ABDEL", "ABU", "BIN", "IBN", "BINT", "AL", "EL", "BEN", "OULD", "UMM"]
        var units: [String] = []
        var pending = ""
        for word in words {
            let bare = word.uppercased().filter { $0.isLetter }
            let joined = pending.isEmpty ? word : pending + " " + word
            if particles.contains(bare) {
                pending = joined
            } else {
                units.append(joined)
                pending = ""
            }
        }
        if !pending.isEmpty { units.append(pending) }
        return units
    }

    /// Spelling variants transliterations of Arabic, Persian, Russian and Korean names show.
    static let spellingRules: [(String, String)] = [
        ("mohammed", "muhammad"), ("muhammad", "mohamed"), ("mohammad", "muhammed"), ("mohamed", "mohammed"),
        ("ahmed", "ahmad"), ("ahmad", "ahmed"), ("hussein", "husayn"), ("husayn", "hussein"), ("hassan", "hasan"),
        ("abdul ", "abd al-"), ("abd al-", "abdul "), ("abdel", "abdul"), ("abdul", "abdel"), ("al-", "el-"),
        ("al-", "al "), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("kh", "h"), ("q", "k"), ("dj", "j"),
        ("sh", "ch"), ("yu", "iu"), ("ya", "ia"), ("iy", "i"), ("aa", "a"), ("ei", "ay"), ("ph", "f"),
        ("yevgeny", "evgeniy"), ("ov ", "off "), ("ch", "tch"), ("j", "dj"), ("ie", "i"), ("ck", "k"),
    ]
}

/// Plausible names of people and organisations from many naming traditions, none of them on the list.
enum UnlistedNames {
    static let givenNames = """
        James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph \
        Jessica Thomas Sarah Charles Karen Daniel Emily Matthew Olivia Andrew Sophie Peter Laura George Helen José \
        María Juan Carmen Luis Ana Carlos Lucía Jorge Sofía Miguel Isabel Pedro Rosa Diego Camila Fernando Valentina \
        Ricardo Gabriela João Beatriz Pierre Camille Jean Élodie François Margot Klaus Sabine Jürgen Anke Giovanni \
        Francesca Luca Chiara Matteo Dmitry Olga Sergei Natalia Alexei Irina Nikolai Svetlana Vladislav Yekaterina \
        Andriy Oksana Pavel Tatiana Omar Fatima Karim Layla Tariq Amira Youssef Nadia Samir Rania Hamza Mariam Bilal \
        Zainab Faisal Huda Rashid Salma Nabil Yasmin Reza Shirin Mehmet Elif Arjun Priya Rahul Ananya Imran Ayesha \
        Wei Hiroshi Yuki Minjun Seoyeon Jaewon Jiwoo Thanh Linh Kenji Mei Chinedu Amara Kwame Abena Tendai Nia \
        Oluwaseun Zanele Kofi Ayodele Juma Wanjiru
        """.split(separator: " ").map(String.init)

    static let surnames = """
        Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thompson Clark Lewis Walker Hall Young \
        King Wright Scott Green Baker Adams Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans \
        Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward \
        Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster García Martínez \
        Rodríguez López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Morales Ortiz Gutiérrez \
        Castillo Vargas Romero Herrera Medina Aguilar Silva Santos Oliveira Costa Ferreira Dubois Lefèvre Moreau \
        Laurent Girard Müller Schmidt Schneider Fischer Weber Becker Rossi Russo Bianchi Romano Colombo Ricci \
        Ivanova Petrov Smirnov Kuznetsov Popova Sokolov Lebedev Novikova Morozov Volkov Shevchenko Kovalenko \
        Bondarenko Haddad Khoury Nasser Saleh Mansour Farouk Aziz Hamdan Qureshi Siddiqui Chaudhry Yilmaz Demir \
        Kaya Öztürk Hosseini Rahimi Karimi Tehrani Sharma Patel Gupta Singh Kumar Reddy Nair Wang Zhang Liu Chen \
        Yang Huang Zhao Wu Zhou Sato Suzuki Takahashi Tanaka Watanabe Kim Lee Park Choi Jung Kang Nguyen Tran Pham \
        Okafor Adeyemi Mensah Boateng Mwangi Otieno Dlamini Nkosi Banda Phiri Mutua Diallo Traoré Keita
        """.split(separator: " ").map(String.init)

    static let orgFirst = "Northern Southern Eastern Western Global United Atlantic Pacific Blue Green Golden Silver Red Summit Horizon Pioneer Delta Alpine Coastal Prime".split(separator: " ").map(String.init)
    static let orgSecond = "Star River Bridge Harbor Valley Peak Stone Field Lake Gate Cedar Falcon Anchor Crown Oak Maple".split(separator: " ").map(String.init)
    static let orgTrade = "Logistics Trading Shipping Engineering Textiles Foods Pharmaceuticals Electronics Construction Consulting Agro Export Mining Energy Software Marine".split(separator: " ").map(String.init)
    static let orgForm = ["Ltd", "LLC", "GmbH", "SA", "Inc.", "Co.", "Limited", "S.R.L.", "", "Group", "Holdings"]

    static func make(count: Int, organizations: Int, excluding listed: Set<Set<String>>) -> [(String, PartySchema)] {
        var generator = SeededGenerator(seed: 42)
        var names: [(String, PartySchema)] = []
        var seen = Set<String>()
        while names.count < count {
            var parts = [givenNames.randomElement(using: &generator)!]
            if Int.random(in: 0..<10, using: &generator) < 3 { parts.append(givenNames.randomElement(using: &generator)!) }
            parts.append(surnames.randomElement(using: &generator)!)
            let name = parts.joined(separator: " ")
            let tokens = Set(NameNormalizer.normalize(name).tokens)
            guard !listed.contains(tokens), seen.insert(NameKey.fold(name)).inserted else { continue }
            names.append((name, .person))
        }
        var made = 0
        while made < organizations {
            let name = [orgFirst.randomElement(using: &generator)!, orgSecond.randomElement(using: &generator)!,
                        orgTrade.randomElement(using: &generator)!, orgForm.randomElement(using: &generator)!]
                .filter { !$0.isEmpty }.joined(separator: " ")
            guard !listed.contains(Set(NameNormalizer.normalize(name).tokens)), seen.insert(NameKey.fold(name)).inserted else { continue }
            names.append((name, .organization))
            made += 1
        }
        return names
    }

    /// The first token of one listed person's name with the last token of another's.
    static func recombined(_ entries: [ListEntry], count: Int, excluding listed: Set<Set<String>>,
                           using generator: inout SeededGenerator) -> [String] {
        let persons = entries.filter { $0.schema == .person }.map { $0.names[0].text.split(separator: " ").map(String.init) }.filter { $0.count >= 2 }
        var names: [String] = []
        var seen = Set<String>()
        var attempts = 0
        while names.count < count && attempts < count * 20 {
            attempts += 1
            let a = persons.randomElement(using: &generator)!, b = persons.randomElement(using: &generator)!
            let name = a[0] + " " + b[b.count - 1]
            let tokens = Set(NameNormalizer.normalize(name).tokens)
            guard tokens.count == 2, !listed.contains(where: { tokens.isSubset(of: $0) }), seen.insert(name).inserted else { continue }
            names.append(name)
        }
        return names
    }
}
