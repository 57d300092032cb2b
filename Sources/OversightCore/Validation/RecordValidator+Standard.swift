extension RecordValidator {
    /// The validator backed by the bundled reference data.
    public static let standard = RecordValidator(
        isKnownViolation: { ReferenceData.shared.violationType($0) != nil },
        canonicalControlEntry: { ControlEntry.canonicalCode($0) },
        isKnownCountry: { code in code.count == 2 && ReferenceData.shared.country(code) != nil }
    )
}
