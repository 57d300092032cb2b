import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Picks the target from the environment variable `OVERSIGHT_FUZZ_TARGET` (`list` prints the names) and hands
/// the command line to libFuzzer's driver, which parses its flags (`-runs`, `-max_total_time`, corpus folders…).
public enum FuzzDriver {
    nonisolated(unsafe) static var selected: FuzzTarget?

    public static func main() -> Never {
        let name = ProcessInfo.processInfo.environment["OVERSIGHT_FUZZ_TARGET"] ?? ""
        if name == "list" {
            for target in FuzzTargets.all { print("\(target.name)\t\(target.summary)") }
            exit(0)
        }
        guard let target = FuzzTargets.named(name) else {
            FileHandle.standardError.write(Data("set OVERSIGHT_FUZZ_TARGET to one of: \(FuzzTargets.all.map(\.name).joined(separator: ", ")) (or list)\n".utf8))
            exit(2)
        }
        selected = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv) { bytes, size in
            let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
            FuzzDriver.selected!.run(data)
            return 0
        })
    }
}
