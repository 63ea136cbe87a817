#!/usr/bin/env bash
# A course from anyone is safe to open (issue 27), through the binary:
#  - control characters in a course's titles, prose, prompts, glossary and dimension names never reach
#    the terminal (shown as ^[ ...), and JSON escapes them;
#  - the exported HTML keeps only http(s) and relative URLs, and carries a Content-Security-Policy;
#  - SVG stays well-formed XML whatever the labels hold;
#  - "no lesson 'X'" is a short message;
#  - stale temporary files of killed exports and workspace inits are removed, and only those.
# Usage: run.sh ATTN SOURCE_DIR
set -uo pipefail
attn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
source_dir="$(cd "$2" && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/attn-course-safety.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export HOME="$scratch" XDG_STATE_HOME="$scratch/state" XDG_DATA_HOME="$scratch/data" NO_COLOR=1
unset ATTN_LESSONS_DIR ATTN_DATA_DIR ATTN_WORKSPACE
failures=0
fail() { echo "course_safety: $*" >&2; failures=$((failures + 1)); }
esc=$'\x1b'

# A course whose every text holds ESC, OSC and BEL.
mkdir course
printf 'title = "Evil \\u001b]0;pwned\\u0007 course"\n[[lesson]]\nslug = "a"\ntitle = "A \\u001b[2J title"\nfile = "a.md"\n' > course/course.toml
printf '# A\n\n## Step \x1b[31mred\n\nProse \x1b]8;;http://x\x07link\x1b]8;;\x07.\n\n```question\nid = "q"\nkind = "choice"\nprompt = "Prompt \\u001b[1A up"\nchoices = ["the", "cat"]\nhints = ["hint \\u001b[8m hidden"]\nanswer = '"'"'seq2seq | stages.alignment[chat].argmax'"'"'\n```\n' > course/a.md
printf '[[term]]\nname = "logit"\nshort = "a \\u001b]0;x\\u0007 score"\ntext = "raw \\u001b[5m blink"\n' > course/glossary.toml
for args in "list" "--no-input lesson 1" "glossary logit" "quiz 1 --question q --answer 2" "export lesson 1 --format md -o md"; do
    # shellcheck disable=SC2086
    "$attn" --lessons course $args > out 2> err < /dev/null
    code=$?
    [ "$code" -eq 0 ] || fail "attn $args: exit $code: $(head -3 err)"
    grep -q "$esc" out err && fail "attn $args: an ESC byte reached the terminal"
    printf '%s' "$(cat out err)" | grep -q $'\x07' && fail "attn $args: a BEL byte reached the terminal"
done
grep -qF 'Step ^[[31mred' <("$attn" --lessons course --no-input lesson 1 2>&1) || fail "the ESC in a title is not shown as ^["
grep -rq "$esc" md && fail "export md: an ESC byte in the exported file"

# Dimension names of a vocabulary with control characters: shown visibly on the terminal.
mkdir -p d/apple
sed 's/^dimensions = \["food"/dimensions = ["fo\\u001b]0;x\\u0007od"/' "$source_dir/data/apple/vocab.toml" > d/apple/vocab.toml
cp "$source_dir/data/apple/weights.toml" d/apple/
grep -q 'u001b' d/apple/vocab.toml || fail "the test vocabulary was not written"
for args in "vocab" "run --show x" "run --format json"; do
    # shellcheck disable=SC2086
    "$attn" --data d $args > out 2> err < /dev/null || fail "attn --data d $args: exit $?: $(head -3 err)"
    grep -q "$esc" out err && fail "attn --data d $args: an ESC byte reached the terminal"
done
grep -qF 'fo^[]0;x^God' <("$attn" --data d vocab 2>&1) || fail "the dimension name is not shown as fo^[]0;x^God"

# A label of the learner's own with ESC: escaped in JSON, well-formed in SVG.
"$attn" softmax --logits 1,2,3 --labels "a${esc}[2J,b<&,c\"'" --format json > out.json 2> err || fail "softmax json: exit $?"
grep -qF '\u001b' out.json || fail "JSON does not escape ESC as \\u001b"
"$attn" softmax --logits 1,2,3 --labels "a${esc}[2J,b<&,c\"'" --format svg > out.svg 2> err || fail "softmax svg: exit $?"
xmllint --noout out.svg 2> xml.err || fail "the SVG is not well-formed XML: $(head -2 xml.err)"

# The exported HTML: only http(s) and relative URLs, and a Content-Security-Policy.
mkdir links
printf 'title = "t"\n[[lesson]]\nslug = "a"\ntitle = "A"\nfile = "a.md"\n' > links/course.toml
cat > links/a.md <<'MD'
# Links

[js](javascript:alert(1)) [JS upper](JaVaScRiPt:alert(2)) [vb](vbscript:msgbox) [entity](javascript&#58;alert(3))
![data](data:image/svg+xml;base64,PHN2Zy8+) [file](file:///etc/passwd)
[web](https://example.org/a?b=1) [plain](http://example.org) [rel](other.html#x) ![img](pic.png)
MD
"$attn" --lessons links export lesson 1 --format html -o html > out 2> err || fail "export html: exit $?: $(head -3 err)"
page="$(cat html/*.html 2>/dev/null)"
[ -n "$page" ] || fail "export html wrote no page"
for bad in 'javascript:' 'JaVaScRiPt:' 'vbscript:' 'data:image' 'file:///'; do
    grep -qiF "=\"$bad" <<< "$page" && fail "the page keeps a $bad URL"
done
for good in 'href="https://example.org/a?b=1' 'href="http://example.org"' 'href="other.html#x"' 'src="pic.png"'; do
    grep -qF "$good" <<< "$page" || fail "the page lost $good"
done
grep -qF '<meta http-equiv="Content-Security-Policy" content="default-src '"'none'" <<< "$page" || fail "no Content-Security-Policy"
xmllint --noout html/*.html 2> xml.err || fail "the HTML page is not well-formed XML: $(head -2 xml.err)"

# A lesson that does not exist: a short message.
"$attn" --no-input lesson no-such > out 2> err
code=$?
[ "$code" -eq 2 ] || fail "lesson no-such: exit $code, expected 2"
[ "$(wc -l < err)" -le 3 ] || fail "lesson no-such: $(wc -l < err) lines of error, expected at most 3"
grep -qF "no lesson 'no-such'" err || fail "lesson no-such: the message does not name it"

# Stale temporary files: a killed export's (.NAME.attn-PID.XXXXXX) and a killed workspace init's
# (.attn-workspace-PID) are removed when their process is gone; a live process's and other files stay.
"$attn" export softmax --logits 1,2 --format csv -o ex > out 2> err || fail "export softmax: exit $?"
name="$(ls ex | head -1)"
dead=999999999
touch "ex/.$name.attn-$dead.abcdef" "ex/.$name.attn-$$.abcdef" "ex/.$name.XXXXXX" ex/.keep.attn-$dead.abcdef
"$attn" export softmax --logits 1,2 --format csv -o ex --force > out 2> err || fail "export --force: exit $?"
[ -e "ex/.$name.attn-$dead.abcdef" ] && fail "a dead export's temporary file was left"
[ -e "ex/.$name.attn-$$.abcdef" ] || fail "a live export's temporary file was removed"
[ -e "ex/.$name.XXXXXX" ] && [ -e ex/.keep.attn-$dead.abcdef ] || fail "a file not of the pattern was removed"
mkdir -p ".attn-workspace-$dead/apple" ".attn-workspace-$$" .attn-workspace-abc
"$attn" workspace init ws > out 2> err || fail "workspace init: exit $?: $(head -3 err)"
[ -e ".attn-workspace-$dead" ] && fail "a dead init's staging folder was left"
[ -d ".attn-workspace-$$" ] && [ -d .attn-workspace-abc ] || fail "a live or foreign staging folder was removed"

[ "$failures" -eq 0 ] || exit 1
echo "course_safety: control characters, URLs, CSP, SVG, short errors and stale temporaries all hold"
