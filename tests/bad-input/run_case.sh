#!/usr/bin/env bash
# Replays one case of tests/bad-input through the attn binary: run_case.sh ATTN CASE_DIR
#
# A case is a folder:
#   args      the command line after "attn", one argument per line (an empty line is an empty argument)
#   expect    line 1: the exit code; line 2: a phrase the message on stderr must contain
#   setup.sh  optional: run first, in the scratch copy (makes FIFOs, links, big files)
#   stdin     optional: fed to attn (otherwise /dev/null)
#   stdout    optional: one line, where stdout goes instead of a file (/dev/full: a full disk)
#   expect    line 3, optional: a phrase stdout must contain; stdout must then hold no control
#             character but tab and newline (a learner's label shown as ^[, never as a raw ESC)
#   any other files the command line names, by paths relative to the case folder
# The case runs in a scratch copy of its folder, with HOME and XDG_STATE_HOME inside it. Besides the
# code and the phrase, every case must end without a signal, with a message, with nothing on stdout
# when it fails (no partial output), and never with "internal error" or "terminate called".
set -uo pipefail
attn="$1"
case_dir="$(cd "$2" && pwd)"
# A case folder that is gone (renamed since cmake listed it) must not become "/" below: cp -R "/." would copy
# the whole disk into the scratch folder.
[ -n "$case_dir" ] && [ -f "$case_dir/args" ] || { echo "bad-input: $2: no such case (rerun cmake)" >&2; exit 1; }
name="$(basename "$case_dir")"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-bad-input.XXXXXX")"
trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
cp -R "$case_dir/." "$scratch/"
cd "$scratch"
mkdir -p state
export HOME="$scratch" XDG_STATE_HOME="$scratch/state" NO_COLOR=1
unset ATTN_LESSONS_DIR ATTN_DATA_DIR
fail() { echo "bad-input/$name: $*" >&2; echo "--- stderr:" >&2; cat err >&2; echo "--- stdout (first lines):" >&2; head -5 out >&2; exit 1; }

[ -f setup.sh ] && { bash setup.sh || { echo "bad-input/$name: setup.sh failed" >&2; exit 1; }; }
mapfile -t args < args
expected_code="$(sed -n 1p expect)"
phrase="$(sed -n 2p expect)"
stdout_phrase="$(sed -n 3p expect)"
input=/dev/null
[ -f stdin ] && input=stdin
output=out
[ -f stdout ] && output="$(sed -n 1p stdout)"
timeout 60 "$attn" "${args[@]}" < "$input" > "$output" 2> err
code=$?
[ -f out ] || : > out

[ "$code" -eq 124 ] && fail "timed out after 60 s"
[ "$code" -gt 128 ] && [ "$code" -ne 130 ] && fail "ended by signal $((code - 128)) (exit $code)"
grep -q "terminate called\|internal error\|runtime error:\|AddressSanitizer\|LeakSanitizer" err && fail "a crash or a bug report"
[ "$code" -eq "$expected_code" ] || fail "exit $code, expected $expected_code"
if [ "$code" -ne 0 ]; then
    [ -s err ] || fail "exit $code without a message"
    grep -q "^attn: error: " err || fail "exit $code without an 'attn: error:' message"
    [ -s out ] && fail "exit $code with output on stdout (partial output)"
fi
[ -z "$phrase" ] || grep -qF -- "$phrase" err || fail "stderr lacks the phrase: $phrase"
if [ -n "$stdout_phrase" ]; then
    grep -qF -- "$stdout_phrase" out || fail "stdout lacks the phrase: $stdout_phrase"
    LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' out && fail "a raw control character on stdout"
fi
exit 0
