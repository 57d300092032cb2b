import Foundation
import OversightCore
import OversightFormats

/// Bundle lines: every record the reader accepts and validation passes is written back the way bundles are
/// written (the header line, then each record's canonical JSON on a line) and read again, which must give the
/// same records and the same canonical text.
enum BundleTarget {
    static let name = "bundle"

    @Sendable static func run(_ data: Data) {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        var accepted: [(Record, String)] = []
        do {
            try BundleReader().read(data) { record, canonical in
                // What the importer does before writing: a record with validation issues fails its line.
                let issues = FuzzCheck.validator.check(record)
                if !issues.isEmpty { throw ValidationError(issues) }
                accepted.append((record, canonical))
            }
        } catch let error as BundleReader.LineError {
            FuzzCheck.expect(error.line >= 1 && error.line <= max(lines, 1), name, "line error names line \(error.line) of \(lines): \(error)")
            FuzzCheck.expect(!error.message.isEmpty, name, "line error without a message")
            return
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        for (record, canonical) in accepted {
            let again: String
            do { again = try record.canonicalJSON() } catch { FuzzCheck.fail(name, "an accepted record cannot be encoded: \(error)") }
            FuzzCheck.expect(again == canonical, name, "the reader's canonical text differs from the record's:\n\(canonical)\n\(again)")
        }
        var written = Record.bundleHeader + "\n"
        for (_, canonical) in accepted { written += canonical + "\n" }
        var reread: [(Record, String)] = []
        do {
            try BundleReader().read(Data(written.utf8)) { record, canonical in reread.append((record, canonical)) }
        } catch {
            FuzzCheck.fail(name, "a written bundle does not read back: \(error)\n\(written)")
        }
        FuzzCheck.expect(reread.count == accepted.count, name, "wrote \(accepted.count) records, read back \(reread.count)")
        for (a, b) in zip(accepted, reread) {
            FuzzCheck.expect(a.0 == b.0, name, "a record read back differs:\n\(a.1)\n\(b.1)")
            FuzzCheck.expect(a.1 == b.1, name, "a record's canonical text read back differs:\n\(a.1)\n\(b.1)")
        }
    }
}
