import ArgumentParser
import Foundation
import OversightCore
import OversightWorkflow

/// `oversight audit …`: the hash-chained audit log of every workflow write.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check or export the tamper-evident audit log.",
        subcommands: [AuditVerifyCommand.self, AuditExportCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole hash chain. Exits 1 and names the first broken entry when an entry was edited, removed or reordered.",
        discussion: "Keep the printed last hash somewhere else: a chain cut short at its end can be told only by comparing it.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let (_, service) = try database.openWorkflow()
        let result = try await service.verifyAudit()
        if let broken = result.firstBreak {
            print("audit log BROKEN at entry \(broken.seq): \(broken.reason); \(result.entriesChecked) entries before it check out")
            throw ExitCode(1)
        }
        print("audit log intact: \(result.entriesChecked) entries, last hash \(result.lastHash)")
    }
}

struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the whole audit log, oldest first, with both hashes of every entry.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "jsonl (one JSON object per line) or csv.") var format: AuditExportFormat = .jsonl
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        let (_, service) = try database.openWorkflow()
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw CLIError("cannot write \(output): check the folder exists and is writable")
            }
            defer { try? handle.close() }
            try await service.exportAudit(format: format) { handle.write(Data($0.utf8)) }
        } else {
            try await service.exportAudit(format: format) { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}

extension AuditExportFormat: ExpressibleByArgument {}
