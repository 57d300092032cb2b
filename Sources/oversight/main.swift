import OversightCLI

await OversightCommand.start()
