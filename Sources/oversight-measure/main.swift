import OversightBench

await BenchCommand.start()
