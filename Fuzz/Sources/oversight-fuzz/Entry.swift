// The fuzz executable: libFuzzer (linked by -sanitize=fuzzer) runs the target that OVERSIGHT_FUZZ_TARGET names.
// Built with -parse-as-library, so the module has no Swift main; SwiftPM links the process entry point to
// `oversight_fuzz_main`, defined here, which hands over to libFuzzer's driver.
import OversightFuzzTargets

@_cdecl("oversight_fuzz_main")
public func oversightFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzDriver.main()
}
