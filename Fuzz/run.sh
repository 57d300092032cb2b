#!/usr/bin/env bash
# Fuzzes every reader: builds the libFuzzer executable once (release, -sanitize=fuzzer,address, scratch path
# .build-fuzz at the repository root), writes the seed corpora from the fixtures (seeds.py), then runs each
# target in turn for a bounded time. Exits non-zero when any target finds a crash, a failed check, a timeout
# or an out-of-memory input; the input is kept under findings/ and printed in base64.
#
#   Fuzz/run.sh [seconds-per-target] [target ...]     every target (or those named), 60 s each by default
#   FUZZ_RUNS=1000000 Fuzz/run.sh 0                    a fixed number of executions per target instead
#
# Environment: FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (seconds for one input, default 10),
# FUZZ_MAX_LEN (default 8192), FUZZ_JOBS_DIR (where corpora and logs go; default a temporary folder).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
rss=${FUZZ_RSS_MB:-2048}
timeout=${FUZZ_TIMEOUT:-10}
max_len=${FUZZ_MAX_LEN:-8192}
runs=${FUZZ_RUNS:-}

build=(swift build -c release --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address)
started=$(date +%s)
"${build[@]}" --product oversight-fuzz
bin="$("${build[@]}" --show-bin-path)/oversight-fuzz"
echo "built $bin in $(( $(date +%s) - started )) s"

work=${FUZZ_JOBS_DIR:-$(mktemp -d /tmp/oversight-fuzz.XXXXXX)}
mkdir -p "$work" findings
python3 seeds.py "$work/seeds" >/dev/null

if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(OVERSIGHT_FUZZ_TARGET=list "$bin" 2>/dev/null | cut -f1); fi

failed=()
printf '%-18s %12s %8s %8s %8s %6s\n' target executions exec/s cov ft findings
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus" "$work/seeds/$target"
    # Leak detection is off: FoundationXML leaks 72 bytes for every XML parse error (in
    # _CFErrorCreateFromXMLInterface, outside this project), which would stop the un-xml target at once.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
    # Swift's own crash handler would catch a trap before libFuzzer does, and its memory reads trip ASan, which
    # hides the trap's message and stack: off, so the log shows where the input failed.
    export SWIFT_BACKTRACE=enable=no
    args=(-rss_limit_mb="$rss" -timeout="$timeout" -max_len="$max_len" -print_final_stats=1 -detect_leaks=0
          -artifact_prefix="findings/$target-")
    if [ -n "$runs" ]; then args+=(-runs="$runs"); fi
    if [ "$seconds" != 0 ]; then args+=(-max_total_time="$seconds"); fi
    log="$work/$target.log"
    set +e
    OVERSIGHT_FUZZ_TARGET="$target" "$bin" "${args[@]}" "$corpus" "$work/seeds/$target" >"$log" 2>&1
    status=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || true)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || true)
    findings=0
    if [ "$status" -ne 0 ]; then findings=1; failed+=("$target"); fi
    printf '%-18s %12s %8s %8s %8s %6s\n' "$target" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$findings"
    if [ "$status" -ne 0 ]; then
        echo "== $target failed (exit $status); the end of its log:"
        tail -n 40 "$log"
        for artifact in findings/"$target"-*; do
            [ -f "$artifact" ] || continue
            echo "== $artifact (base64):"
            base64 "$artifact"
        done
    fi
done
echo "fuzzing took $(( $(date +%s) - started )) s in all (logs and corpora in $work)"
echo "fuzz: $(( ${#targets[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "findings in: ${failed[*]}"
    exit 1
fi
