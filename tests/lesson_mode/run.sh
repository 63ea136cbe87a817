#!/usr/bin/env bash
# Lessons compute, never act (src/cli/lesson_limits.hpp): every writing subcommand and option, and every
# cap, through each way a lesson runs a command (an attn block, a live value in the prose, a question's
# answer, a hand question's command), seen by attn lesson, attn quiz --answer, attn check and
# attn export lesson. Each must be refused with exit 2 (check: 1) naming a.md:LINE, and write nothing.
# Usage: run.sh ATTN
set -uo pipefail
attn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-lesson-mode.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export HOME="$scratch" XDG_STATE_HOME="$scratch/state" XDG_DATA_HOME="$scratch/data" NO_COLOR=1
unset ATTN_LESSONS_DIR ATTN_DATA_DIR ATTN_WORKSPACE
failures=0
fail() { echo "lesson_mode: $*" >&2; echo "--- stderr:" >&2; head -20 err >&2; failures=$((failures + 1)); }

# Each refused command line, one a line. Writing: export (-o, --output), workspace (init PATH, reset,
# diff), explore, generate, train --save; caps: bench sizes, repeats, d and total work, train epochs.
commands=(
    'export run -o out'
    'export run --output=out --force'
    'export lesson 1 -o out'
    'workspace init ws'
    'workspace reset --workspace ws'
    'workspace diff'
    'explore'
    'generate bash'
    'train --epochs 3 --save victim.toml --force'
    'train --save=victim.toml'
    'bench --sizes 262144 --methods full --repeats 1'
    'bench --sizes 256 --repeats 100'
    'bench --sizes 256 --d 1024'
    'bench'
    'train --epochs 100000'
)

# lesson_for WAY COMMAND: a course whose one lesson runs COMMAND in that way; prints the line to name.
lesson_for() {
    rm -rf course && mkdir course
    printf 'title = "t"\n[[lesson]]\nslug = "a"\ntitle = "A"\nfile = "a.md"\n' > course/course.toml
    printf '# A\n\n## Step\n\n' > course/a.md
    case "$1" in
        block) printf '```attn\n%s\n```\n' "$2" >> course/a.md; echo 5 ;;
        live) printf 'Live: `=%s | x`.\n' "$2" >> course/a.md; echo 5 ;;
        answer) printf '```question\nid = "q"\nkind = "numeric"\nprompt = "p"\nanswer = '"'"'%s | x'"'"'\n```\n' "$2" >> course/a.md; echo 5 ;;
        hand) printf '```question\nid = "q"\nkind = "hand"\nprompt = "p"\ncommand = '"'"'%s'"'"'\nquery = "apple"\nkey = "ate"\n```\n' "$2" >> course/a.md; echo 5 ;;
    esac
}

# expect CODE LINE ARGS...: runs attn, checks the exit code, the refusal naming a.md, and no new file.
expect() {
    local code="$1" line="$2" before after
    shift 2
    : > stdout.txt; : > err
    before="$(find . -path ./state -prune -o -print | sort)"
    timeout 60 "$attn" "$@" > stdout.txt 2> err < /dev/null
    local got=$?

    after="$(find . -path ./state -prune -o -print | sort)"
    [ "$got" -eq "$code" ] || fail "attn $* ($way: $command): exit $got, expected $code"
    grep -q "lessons compute, never act" err || fail "attn $* ($way: $command): no refusal"
    grep -q "a\.md:[0-9]" err || fail "attn $* ($way: $command): the message does not name a.md:LINE"
    [ "$before" = "$after" ] || fail "attn $* ($way: $command): files changed: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
}

for command in "${commands[@]}"; do
    for way in block live answer hand; do
        line="$(lesson_for "$way" "$command")"
        case "$way" in
            block | live)
                expect 2 "$line" --lessons course lesson 1 --no-input
                mkdir -p exported  # export's own folder may be written; nothing else
                expect 2 "$line" --lessons course export lesson 1 -o exported
                rmdir exported
                ;;
            *) expect 2 "$line" --lessons course quiz 1 --question q --answer 1 ;;
        esac
        # attn check reads its report from stdout.
        timeout 60 "$attn" --lessons course check > err 2>&1 < /dev/null
        got=$?
        [ "$got" -eq 1 ] || fail "attn check ($way: $command): exit $got, expected 1"
        tr -s " \n" "  " < err | grep -q "lessons compute, never act" || fail "attn check ($way: $command): no refusal"
        ls victim.toml out ws course/victim.toml course/out course/ws 2> /dev/null && fail "check ($way: $command) wrote"
    done
done

# What a lesson may do still runs: within the caps, a block trains and times.
lesson_for block 'train --epochs 2000 --checkpoints 0' > /dev/null
timeout 60 "$attn" --lessons course lesson 1 --no-input > stdout.txt 2> err || fail "train within the cap: exit $?"
lesson_for block 'bench --sizes 256,512 --methods full --repeats 1' > /dev/null
timeout 60 "$attn" --lessons course lesson 1 --no-input > stdout.txt 2> err || fail "bench within the caps: exit $?"
# Outside a lesson, the learner's own command is not capped.
timeout 60 "$attn" train --epochs 2001 --checkpoints 0 > stdout.txt 2> err || fail "train outside a lesson: exit $?"

[ "$failures" -eq 0 ] || { echo "lesson_mode: $failures failure(s)" >&2; exit 1; }
echo "lesson_mode: ${#commands[@]} commands x 4 ways refused, nothing written"
