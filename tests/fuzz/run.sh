#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS, then keeps what it found (tests/fuzz/README.md):
#   tests/fuzz/run.sh BUILD_FUZZ_DIR SECONDS [TARGET...]
# Each target starts from its seeds (the shipped files), its regressions (tests/fuzz/regressions/NAME)
# and its corpus (tests/fuzz/corpus/NAME). -max_len is the largest of those files (at least 8192), so no
# seed is cut short. After a clean run the new inputs that reach code none of those reached are merged
# into tests/fuzz/corpus/NAME (ATTN_FUZZ_MERGE=0: not); commit them. A finding (crash, sanitizer report,
# leak, timeout) is written to BUILD_FUZZ_DIR/findings/ and to tests/fuzz/regressions/NAME/, and fails
# the run once every target has run. The last lines are a table of each target's executions.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "$1" && pwd)"
seconds="$2"
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] &&
    targets=(lesson manifest data_files csv progress command_line glossary answers live try_it workspace_diff)
# Seeds: files or folders of the checkout, and the names of the files in them that are seeds.
declare -A seeds=(
    [lesson]="lessons" [manifest]="lessons" [data_files]="data" [csv]="tests/fixtures"
    [progress]="tests/fuzz/seeds/progress" [command_line]="tests/fuzz/seeds/command_line"
    [glossary]="lessons/glossary.toml" [answers]="tests/fuzz/seeds/answers" [live]="lessons"
    [try_it]="lessons" [workspace_diff]="tests/fuzz/seeds/workspace_diff")
declare -A seed_names=([lesson]="*.md" [live]="*.md" [try_it]="*.md" [csv]="*.csv" [data_files]="*.toml")

# Everything the targets and this script write goes below one scratch folder, removed on exit: the
# targets' own scratch folders (attn-fuzz-PID, under TMPDIR) included.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-fuzz-run.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build/findings"
export TMPDIR="$scratch"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

largest_file() { { find "$@" -type f -printf '%s\n' 2> /dev/null || true; } | sort -n | tail -1; }

# fuzz TARGET ARGS...: one libFuzzer run, its log appended to findings/TARGET.log.
fuzz() {
    local t="$1"
    shift
    (cd "$build" && "./fuzz_$t" -rss_limit_mb=2048 -timeout="${ATTN_FUZZ_TIMEOUT:-60}" "$@") \
        >> "$build/findings/$t.log" 2>&1
}

# Adds to the repository corpus the new inputs that reach code its seeds, regressions and corpus did
# not: first a minimal set of what was known, then the new inputs merged over it; what the second merge
# added is copied in. Prints how many.
merge_new() {
    local t="$1" max_len="$2" known="$scratch/$t/known" corpus="$here/tests/fuzz/corpus/$t"
    mkdir -p "$known" "$corpus"
    fuzz "$t" -merge=1 -max_len="$max_len" "$known" "$scratch/$t/seeds" "${regressions[@]}" "$corpus" || return 1
    ls "$known" | sort > "$scratch/$t/known.list"
    fuzz "$t" -merge=1 -max_len="$max_len" "$known" "$scratch/$t/new" || return 1
    # At most ATTN_FUZZ_KEEP (25) per run, the smallest first: the corpus grows by what is new and stays
    # small; the next run takes it from there.
    local keep="${ATTN_FUZZ_KEEP:-25}" added
    ls "$known" | sort | comm -13 "$scratch/$t/known.list" - > "$scratch/$t/new.list"
    while read -r f; do echo "$(stat -c %s "$known/$f") $f"; done < "$scratch/$t/new.list" |
        sort -n | head -n "$keep" | while read -r _ f; do cp "$known/$f" "$corpus/$f"; done
    added="$(wc -l < "$scratch/$t/new.list")"
    echo "$((added < keep ? added : keep))"
}

# A crashing input: kept as a regression (the fix makes it pass), and in the log as base64 for CI.
keep_finding() {
    local t="$1"
    mkdir -p "$here/tests/fuzz/regressions/$t"
    for f in "$build/findings/$t-"*; do
        [ -f "$f" ] || continue
        cp "$f" "$here/tests/fuzz/regressions/$t/finding-$(basename "$f" | cut -d- -f2-)"
        echo "fuzz: $t finding $(basename "$f") (base64): $(head -c 65536 "$f" | base64 -w0)" >&2
    done
}

rows=()
failed=0
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t/seeds" "$scratch/$t/new"
    # Seeds copied under unique names (a folder's files may share names with another's).
    (cd "$here" && find ${seeds[$t]} -type f -name "${seed_names[$t]:-*}" -print0) |
        while IFS= read -r -d '' f; do cp "$here/$f" "$scratch/$t/seeds/${f//\//_}"; done
    max_len="$(largest_file "$scratch/$t/seeds" "$here/tests/fuzz/regressions/$t" "$here/tests/fuzz/corpus/$t")"
    max_len=$((${max_len:-0} > 8192 ? max_len : 8192))
    rm -f "$build/findings/$t.log" "$build/findings/$t-"*
    # A target without findings yet has no regressions folder (libFuzzer stops at a missing one).
    regressions=()
    [ -d "$here/tests/fuzz/regressions/$t" ] && regressions=("$here/tests/fuzz/regressions/$t")
    mkdir -p "$here/tests/fuzz/corpus/$t"
    echo "fuzz: $t for ${seconds}s (-max_len=$max_len)" >&2
    status=0
    fuzz "$t" -max_total_time="$seconds" -max_len="$max_len" -artifact_prefix="$build/findings/$t-" \
        -print_final_stats=1 "$scratch/$t/new" "$here/tests/fuzz/corpus/$t" "${regressions[@]}" \
        "$scratch/$t/seeds" || status=$?
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/findings/$t.log" | grep -o '[0-9]*$' | head -1 || true)"
    cov="$(grep -oE '#[0-9]+[[:space:]]+DONE[[:space:]]+cov: [0-9]+' "$build/findings/$t.log" | grep -oE '[0-9]+$' | head -1 || true)"
    added="-"
    if [ "$status" -ne 0 ]; then
        tail -40 "$build/findings/$t.log" >&2
        echo "fuzz: $t found a problem (exit $status); the input is in $build/findings/ and tests/fuzz/regressions/$t/" >&2
        keep_finding "$t"
        result="FINDING"
        failed=1
    else
        result="clean"
        [ "${ATTN_FUZZ_MERGE:-1}" = 1 ] && { added="$(merge_new "$t" "$max_len")" || added="merge failed"; }
    fi
    rows+=("$(printf '%-16s %8s %12s %8s %8s %9s  %s' "$t" "${seconds}s" "${runs:-?}" "$(( ${runs:-0} / (seconds > 0 ? seconds : 1) ))" \
        "${cov:-?}" "$added" "$result")")
    rm -rf "${scratch:?}/$t"
done

echo "fuzz: executions per target (stat::number_of_executed_units; new = inputs added to tests/fuzz/corpus/)"
printf '%-16s %8s %12s %8s %8s %9s  %s\n' target time executions exec/s cov new result
printf '%s\n' "${rows[@]}"
exit "$failed"
