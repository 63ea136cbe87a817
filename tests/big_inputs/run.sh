#!/usr/bin/env bash
# Linear parsing (issue 27): a lesson of 16 MiB of headings, one of 16 MiB of questions and a glossary of
# 16 MiB of terms (the input limit) load in seconds of CPU, not minutes: attn list and attn glossary on
# them. (Before: 13.7 s for 40,000 headings, 15 s for 10,000 terms, both growing as the square.)
# Usage: run.sh ATTN [CPU_SECONDS]: each command may take at most CPU_SECONDS (default 10) of CPU.
set -uo pipefail
attn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-big-inputs.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export HOME="$scratch" XDG_STATE_HOME="$scratch/state" NO_COLOR=1
unset ATTN_LESSONS_DIR ATTN_DATA_DIR ATTN_WORKSPACE
limit_cpu_s="${2:-10}" # CPU seconds (user + system) a command may take; linear parsing needs 2 to 6
failures=0
fail() { echo "big_inputs: $*" >&2; failures=$((failures + 1)); }

python3 - <<'PY'
limit = 16 << 20
def fill(path, head, item):
    parts, size, i = [head], len(head), 0
    while True:
        s = item(i)
        if size + len(s) > limit: break
        parts.append(s); size += len(s); i += 1
    open(path, 'w').write(''.join(parts))
    print(path, i, 'items,', size, 'bytes')
fill('headings.md', '# Headings\n\n', lambda i: f'## H{i}\n\nt\n\n')
fill('questions.md', '# Questions\n\n## Step\n\n', lambda i: f'```question\nid = "q{i}"\nkind = "choice"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = "run | x"\n```\n')
fill('glossary.toml', '', lambda i: f'[[term]]\nname = "t{i}"\nshort = "s"\ntext = "t"\n')
open('course.toml', 'w').write('title = "big"\n[[lesson]]\nslug = "h"\ntitle = "H"\nfile = "headings.md"\n'
                               '[[lesson]]\nslug = "q"\ntitle = "Q"\nfile = "questions.md"\n')
PY

# cpu_seconds ARGS...: runs attn, prints its user + system CPU seconds (whole seconds, rounded up).
cpu_seconds() {
    local TIMEFORMAT='%U %S'
    { time "$attn" "$@" > out 2> err < /dev/null; } 2> time.txt
    echo $(( $? ))" $(awk '{ printf "%d", $1 + $2 + 0.999 }' time.txt)"
}
for args in "--lessons . list" "--lessons . glossary t344000" "--lessons . glossary t0"; do
    # shellcheck disable=SC2086
    read -r code seconds <<< "$(cpu_seconds $args)"
    [ "$code" -eq 0 ] || fail "attn $args: exit $code: $(head -3 err)"
    [ "$seconds" -le "$limit_cpu_s" ] || fail "attn $args: $seconds s of CPU, more than $limit_cpu_s"
    echo "attn $args: exit $code, about $seconds s of CPU"
done
grep -qF "Q  (q)" <("$attn" --lessons . list 2>&1) || fail "list does not show the lesson of questions"
[ "$failures" -eq 0 ] || exit 1
