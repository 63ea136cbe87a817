#!/usr/bin/env bash
# workspace init with the names a user types: a relative name, a name ending in '/', a link to an empty
# folder (which must stay a link, the folder it names filled). Usage: run.sh ATTN
set -uo pipefail
attn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-workspace-paths.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export HOME="$scratch" XDG_STATE_HOME="$scratch/state" XDG_DATA_HOME="$scratch/data" NO_COLOR=1
unset ATTN_LESSONS_DIR ATTN_DATA_DIR ATTN_WORKSPACE
fail() { echo "workspace_paths: $*" >&2; exit 1; }
"$attn" workspace init myws > out 2> err || fail "workspace init myws: exit $?: $(cat err)"
[ -d myws ] && [ -n "$(ls myws)" ] || fail "myws was not filled"
"$attn" workspace init other/ > out 2> err || fail "workspace init other/: exit $?: $(cat err)"
[ -n "$(ls other)" ] || fail "other/ was not filled"
mkdir empty && ln -s empty link
"$attn" workspace init link > out 2> err || fail "workspace init link: exit $?: $(cat err)"
[ -L link ] || fail "the link to an empty folder was replaced"
[ -n "$(ls empty)" ] || fail "the folder the link names was not filled"
ls -a | grep -q '^\.attn-workspace-' && fail "a staging folder was left"
echo "workspace_paths: relative, trailing slash and link kept"
