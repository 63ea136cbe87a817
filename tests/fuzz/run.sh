#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS from its seeds (the shipped files) and its regression corpus:
#   tests/fuzz/run.sh BUILD_FUZZ_DIR SECONDS [TARGET...]
# New inputs go to a scratch corpus that is deleted afterwards; a finding is written to
# BUILD_FUZZ_DIR/findings/ and fails the run (copy it into tests/fuzz/regressions/TARGET/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "$1" && pwd)"
seconds="$2"
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(lesson manifest data_files csv progress command_line)
declare -A seeds=(
    [lesson]="$here/lessons" [manifest]="$here/lessons" [data_files]="$here/data" [csv]="$here/tests/fixtures"
    [progress]="$here/tests/fuzz/seeds/progress" [command_line]="$here/tests/fuzz/seeds/command_line")
mkdir -p "$build/findings"
for t in "${targets[@]}"; do
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-fuzz-$t.XXXXXX")"
    echo "fuzz: $t for ${seconds}s" >&2
    status=0
    (cd "$build" && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "./fuzz_$t" -max_total_time="$seconds" -timeout="${ATTN_FUZZ_TIMEOUT:-60}" -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix="$build/findings/$t-" -print_final_stats=1 \
        "$scratch" "$here/tests/fuzz/regressions/$t" "${seeds[$t]}") > "$build/findings/$t.log" 2>&1 || status=$?
    rm -rf "$scratch"
    grep -E "^(stat::number_of_executed_units|cov:|#[0-9]+ +DONE)" "$build/findings/$t.log" | tail -2 >&2 || true
    if [ "$status" -ne 0 ]; then
        tail -40 "$build/findings/$t.log" >&2
        echo "fuzz: $t found a problem (exit $status); the input is in $build/findings/" >&2
        exit 1
    fi
done
