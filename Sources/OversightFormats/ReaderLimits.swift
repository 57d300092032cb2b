/// Caps on what one line of an input file may hold. Readers take files from outside (downloads, spreadsheets,
/// API submissions), so a line or record past the cap is an error naming it, rather than an unbounded amount of
/// text held for one record (or, for the streaming ACLED reader, a buffer that grows with the file).
///
/// The cap applies to a line of the line-based formats (bundle and FollowTheMoney JSON lines) and to a record
/// of the CSV formats, counting the line breaks inside its quoted fields; a field cannot be longer than its
/// record, so it caps fields too. Documented with each format (docs/BUNDLE.md, docs/SFM.md, docs/CURATION.md,
/// docs/REPORTS.md; all in docs/READERS.md).
public enum ReaderLimits {
    /// The longest line or CSV record a reader accepts, in bytes: 4 MiB. Real files stay far below it (the
    /// longest OpenSanctions entity lines are some hundreds of kilobytes; ACLED, SFM, SIPRI and Canada's rows a
    /// few kilobytes).
    public static let maxLineBytes = 4 << 20

    /// "4 MiB (4194304 bytes)", for messages.
    static var maxLineText: String { "\(maxLineBytes >> 20) MiB (\(maxLineBytes) bytes)" }
}
