import ArgumentParser
import Foundation
import OversightCore
import OversightStore
import OversightWorkflow

extension Role: ExpressibleByArgument {}

/// `oversight user …`: accounts of the web application.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the web application's users (sign-in names, roles, API tokens).",
        subcommands: [UserAddCommand.self, UserListCommand.self, UserTokenCommand.self, UserDisableCommand.self])
}

extension DatabaseOptions {
    /// The workflow over the database file.
    func openWorkflow() throws -> (any DatabaseStore, WorkflowService) {
        let store = try openStore()
        return (store, WorkflowService(store: store))
    }
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a user. The password is the first line of piped standard input; without one, a password is generated and printed once.",
        discussion: """
            Roles: applicant (exporter), officer, senior-reviewer, auditor, administrator, researcher.
            Example: printf '%s\\n' 'a long passphrase' | oversight user add olivia --role officer
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Sign-in name: 2 to 64 letters, digits, '.', '_', '-' or '@'.") var name: String
    @Option(help: ArgumentHelp("The user's role.", valueName: "role")) var role: Role

    func run() async throws {
        // A piped first line is the password; a terminal, or input that ends at once, gets a generated one.
        var password: String?
        if isatty(STDIN_FILENO) == 0, let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else {
                throw CLIError("the password read from standard input is empty; pipe one line with the password, or give no input to have one generated")
            }
            password = line
        }
        let (_, service) = try database.openWorkflow()
        let (user, generated) = try await service.createUser(name: name, role: role, password: password, by: nil)
        print("created user \(user.name) (\(user.role.rawValue)), id \(user.id)")
        if let generated {
            print("password (shown once, store it now): \(generated)")
        }
    }
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users, by name.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        let store = try database.openStore()
        let users = try await store.users()
        switch format {
        case .json:
            struct Row: Encodable { var id, name, role: String; var disabled: Bool; var createdAt: String }
            print(try JSONText.encode(users.map {
                Row(id: $0.id, name: $0.name, role: $0.role.rawValue, disabled: $0.disabled,
                    createdAt: $0.createdAt.formatted(Date.ISO8601FormatStyle()))
            }))
        case .table:
            if users.isEmpty { print("no users; add one with: oversight user add NAME --role administrator"); return }
            let width = max(4, users.map(\.name.count).max() ?? 0)
            print("name".padding(toLength: width, withPad: " ", startingAt: 0) + "  role             status")
            for user in users {
                print(user.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                      + user.role.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0) + "  "
                      + (user.disabled ? "disabled" : "active"))
            }
        }
    }
}

struct UserTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create an API token for a user (for /api/v1, as 'Authorization: Bearer TOKEN'); printed once.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The user's sign-in name.") var name: String
    @Option(help: "What the token is for.") var label = "cli"

    func run() async throws {
        let (store, service) = try database.openWorkflow()
        guard let user = try await store.user(named: name) else {
            throw CLIError("no user named '\(name)'; list them with: oversight user list")
        }
        let token = try await service.createAPIToken(for: user, label: label, by: nil)
        print(token)
    }
}

struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable (or with --enable, enable again) a user: their sessions and tokens stop working.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The user's sign-in name.") var name: String
    @Flag(help: "Enable the user again instead.") var enable = false

    func run() async throws {
        let (store, _) = try database.openWorkflow()
        guard var user = try await store.user(named: name) else {
            throw CLIError("no user named '\(name)'; list them with: oversight user list")
        }
        let before = user
        user.disabled = !enable
        try await store.commit([.updateUser(user, passwordHash: nil)], audit: [
            AuditDraft(at: Date(), actor: "system", action: "user.update", subject: "user:\(user.id)",
                       before: try WorkflowJSON.encode(before), after: try WorkflowJSON.encode(user)),
        ])
        print("\(user.name) is now \(user.disabled ? "disabled" : "enabled")")
    }
}
