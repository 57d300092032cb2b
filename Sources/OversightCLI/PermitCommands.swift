import ArgumentParser
import Foundation
import OversightWorkflow

/// `oversight permit …`: maintenance of issued permits.
struct PermitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permit", abstract: "Maintain issued permits.", subcommands: [PermitExpireDueCommand.self])
}

struct PermitExpireDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expire-due",
        abstract: "Expire every issued or suspended permit whose last day has passed (run it daily, e.g. from cron).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let (_, service) = try database.openWorkflow()
        let expired = try await service.expireDuePermits()
        print("\(expired.count) permit\(expired.count == 1 ? "" : "s") expired\(expired.isEmpty ? "" : ": " + expired.map(\.number).joined(separator: ", "))")
    }
}
