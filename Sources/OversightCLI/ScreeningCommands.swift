import ArgumentParser

// Party screening: `oversight screen` and the list importers `oversight import un-sc|ftm|opensanctions-csv|blocklist`.

struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "screen", abstract: "Screen a party against the loaded sanctions and embargo lists.")
    func run() async throws { throw CLIError("not implemented yet") }
}

/// The list importers, added to `oversight import`.
enum ScreeningImportCommands {
    static let all: [any ParsableCommand.Type] = []
}
