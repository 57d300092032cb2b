import Foundation

/// Folds names for lookup: case, diacritics, punctuation and spacing do not matter,
/// so "Víctor Rojas Herrera", "VICTOR ROJAS-HERRERA" and "victor  rojas herrera" meet.
public enum NameKey {
    public static func fold(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in decomposed.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }
}
