#!/usr/bin/env python3
"""The course's prose under the learner's data (issue 21): edits a copy of data/ in several ways and,
under each edit, runs `attn check --strict` on the course, renders every lesson and every hint, and
expects no failure: every data-bound number is live, every live value and claim computes on that data,
and no literal decimal of the prose equals a number the lesson's commands now print.

The edits differ from the four the issue tried (apple's vector, another word's vector, W_K scaled, W_Q
scaled): W_V scaled, a new word used in no lesson, a glue word that asks (the function row of W_Q), the
vector of "I", a whole dimension removed, and the training task's sentences changed.

Two controls keep the test honest: each edit must change what `attn run` (or `attn train`) prints,
and a course with one stale literal added must fail `attn check --strict`.

Usage: run.py ATTN SOURCE_DIR
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib

ATTN = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
LESSONS = os.path.join(SOURCE, "lessons")
failures = []


def fail(message):
    failures.append(message)
    print("data_edits: " + message, file=sys.stderr)


def attn(env, *args, timeout=300):
    return subprocess.run([ATTN, *args], capture_output=True, text=True, env=env, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def replace_once(path, old, new):
    """Replaces `old` by `new` in the file; fails loudly when the shipped data no longer holds `old`."""
    with open(path) as f:
        text = f.read()
    if text.count(old) != 1:
        raise SystemExit(f"data_edits: {path} does not hold {old!r} once: update the edit")
    with open(path, "w") as f:
        f.write(text.replace(old, new))


def edit_matrix_rows(path, name, change):
    """Applies `change` to each row (a list of floats) of the TOML matrix `name = [ [..], .. ]`."""
    with open(path) as f:
        text = f.read()
    start = text.index(name + " = [")
    end = text.index("\n]", start)
    block = text[start:end]

    def row(m):
        values = [float(v) for v in m.group(1).split(",")]
        return "[" + ", ".join(repr(v) for v in change(values)) + "]"

    edited = re.sub(r"\[([-0-9., ]+)\]", row, block)
    if edited == block:
        raise SystemExit(f"data_edits: no rows of {name} in {path}")
    with open(path, "w") as f:
        f.write(text[:start] + edited + text[end:])


# Each edit: (name, function of the data folder). Kept here, so that a failure names what was edited.
def wv_halved(data):
    edit_matrix_rows(os.path.join(data, "apple", "weights.toml"), "w_v", lambda r: [v * 0.5 for v in r])


def new_word(data):
    replace_once(os.path.join(data, "apple", "vocab.toml"), "[words]\n",
                 "[words]\npear     = [0.9, 0.0,  0.0,   0.0,   1.0,   0.1]\n")


def glue_asks(data):
    # The function row of W_Q: glue words now ask, against the topic. Row 'the' is no longer even.
    replace_once(os.path.join(data, "apple", "weights.toml"), "  [0.0,  0.0,  0.0],  # function\n]",
                 "  [-2.0, 0.0,  0.5],  # function\n]")


def i_acts(data):
    replace_once(os.path.join(data, "apple", "vocab.toml"),
                 "i        = [0.0, 0.0,  0.0,   1.0,   0.0,   0.2]",
                 "i        = [0.3, 0.0,  0.6,   0.7,   0.0,   0.2]")


def drop_function_dimension(data):
    # The last dimension, 'function', goes: from the vocabulary's names and every word's row, from the
    # rows of W_Q, W_K and W_V, and from W_V's columns (W_V stays square).
    vocab = os.path.join(data, "apple", "vocab.toml")
    replace_once(vocab, '"object", "function"]', '"object"]')
    with open(vocab) as f:
        lines = f.read().split("\n")
    word = re.compile(r"^(\S+\s*= \[)([-0-9., ]+)\](.*)$")
    with open(vocab, "w") as f:
        f.write("\n".join((m.group(1) + ",".join(m.group(2).split(",")[:-1]) + "]" + m.group(3))
                          if (m := word.match(line)) else line for line in lines))
    weights = os.path.join(data, "apple", "weights.toml")
    for name in ("w_q", "w_k", "w_v"):
        with open(weights) as f:
            text = f.read()
        start = text.index(name + " = [")
        end = text.index("\n]", start)
        rows = [i for i, line in enumerate(text[start:end].split("\n")) if line.strip().startswith("[")]
        if len(rows) != 6:
            raise SystemExit(f"data_edits: {name} has {len(rows)} rows, not 6: update the edit")
        block = text[start:end].split("\n")
        del block[rows[-1]]  # the function row
        with open(weights, "w") as f:
            f.write(text[:start] + "\n".join(block) + text[end:])
    edit_matrix_rows(weights, "w_v", lambda r: r[:5])


def new_training_sentences(data):
    # The probe sentence stays; one training sentence changes and one is added.
    replace_once(os.path.join(data, "train", "apple-sense.toml"), '  ["she ate a tasty apple", "fruit"],',
                 '  ["she ate a fresh apple", "fruit"],\n  ["you cooked a fresh apple pie", "fruit"],')


# A command a lesson runs may refuse data it cannot split: five dimensions make no 2 or 3 heads, and the
# Transformer lesson's own 6 x 6 weights need six, and a try-it's own word (--word pear=1,0,0,0,1,0)
# has six numbers, and the MLA layer (mla/mla.toml) has six rows. That is the learner's data talking, said clearly;
# a live value or claim that goes wrong for any other reason is a failure.
SHAPE_REFUSALS = [r"is not divisible by \d+ heads", r"need \d+ rows, one per input dimension",
                  r"\d+ numbers, but \S+ has \d+ dimensions",
                  r"it needs d_model x [^;]* = \d+ x \d+ for d_model \d+",  # the MLA layer's six rows
                  r"W_g \(\d+, \d+\) does not fit"]   # lesson 21's W_g file has one row per dimension

EDITS = [
    ("W_V scaled by 0.5", wv_halved, ["run", "-s", "I ate the apple"]),
    ("a new word 'pear'", new_word, ["vocab", "--words", "pear"]),
    ("glue words ask (function row of W_Q)", glue_asks, ["run", "-s", "I ate the apple"]),
    ("'I' gets food and action", i_acts, ["run", "-s", "I ate the apple"]),
    ("the 'function' dimension removed", drop_function_dimension, ["run", "-s", "I ate the apple"]),
    ("training sentences changed", new_training_sentences, ["train"]),
]


def question_hints(lesson_file):
    """(id, number of hints) of each question of a lesson file."""
    with open(lesson_file) as f:
        text = f.read()
    out = []
    for block in re.findall(r"```question\n(.*?)```", text, re.S):
        qid = re.search(r'^id = "([^"]+)"', block, re.M).group(1)
        hints = re.search(r"^hints = \[(.*)\]$", block, re.M)
        count = 0
        if hints:
            # Strings of the TOML array, "..." or '...': count them.
            count = len(re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', hints.group(1)))
        out.append((qid, count))
    return out


def lessons():
    """(number, path) of each lesson in course.toml's order: a lesson's number is its place there, not
    its file's prefix (a lesson may be written for a place that other lessons fill later)."""
    with open(os.path.join(LESSONS, "course.toml"), encoding="utf-8") as f:
        files = re.findall(r'^file\s*=\s*"([^"]+)"', f.read(), re.M)
    return [(n, os.path.join(LESSONS, name)) for n, name in enumerate(files, start=1)]


NUMBER = re.compile(r"(?<![\w.\-])(?:-|\u2212)?\d+(?:\.\d+)?(?![\w]|\.\d)")


def numbers_in(text):
    """(text, value) of each number of `text` ("3", "0.816", "-1.0", "−0.3"), not parts of words."""
    return [(m.group(0), float(m.group(0).replace("\u2212", "-"))) for m in NUMBER.finditer(text)]


def prose_numbers(lesson_file):
    """The literal numbers a teacher wrote in a lesson's prose, prompts and hints: outside fenced code
    and code spans (live values and `=const` are code spans), with the line each is on."""
    with open(lesson_file) as f:
        lines = f.read().split("\n")
    out, fence = [], None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else stripped[3:].strip()
            continue
        if fence is not None and fence != "question":
            continue
        if fence == "question" and not re.match(r"(prompt|hints) = ", stripped):
            continue
        # A sentence about the shipped data may quote it ("with the shipped data: 2/√6 = 0.816; yours:
        # ..."), so a line that says "shipped" is left out.
        if "shipped" in line:
            continue
        # TOML strings escape their quotes; code spans are blanked as the detector of --strict does.
        text = re.sub(r"`[^`]*`", " ", line.replace('\\"', '"'))
        out += [(number, literal, value) for literal, value in numbers_in(text)]
    return out


def attn_blocks(lesson_file):
    with open(lesson_file) as f:
        return [b.strip() for b in re.findall(r"```attn\n(.*?)```", f.read(), re.S)]


def refused(stderr, allowed):
    """Whether every error of `stderr` is one of the `allowed` refusals (or a line that only says that a
    command above failed). Empty `stderr` is not a refusal."""
    messages = [m.strip() for m in stderr.split("attn: error:") if m.strip()]
    wrappers = [r"this lesson's command failed \(exit \d+\):$", r"a command in this lesson failed"]
    return bool(messages) and all(any(re.search(p, m) for p in allowed + wrappers) for m in messages) and \
        any(re.search(p, stderr) for p in allowed)


def printed_by_blocks(env, lesson_file, allowed):
    """Every number the lesson's ```attn blocks print on the data of `env`, or None when one of them is
    refused (see SHAPE_REFUSALS); a block that fails otherwise is a failure."""
    printed = set()
    for block in attn_blocks(lesson_file):
        # `bench` times random matrices: its numbers do not depend on the toy data, and its timings move
        # from run to run, so a prose number that matches one of them (a hint's "S = 10" and a "10%" of
        # peak) would fail by chance.
        if shlex.split(block)[0] == "bench":
            continue
        # Run beside the lesson, as the player runs its blocks: a relative path means a file there.
        r = subprocess.run([ATTN, "--color", "never", *shlex.split(block)], capture_output=True, text=True,
                           env=dict(env, COLUMNS="100"), timeout=300, stdin=subprocess.DEVNULL,
                           cwd=os.path.dirname(os.path.abspath(lesson_file)))
        if r.returncode != 0:
            if allowed and refused(r.stderr, allowed):
                return None
            fail(f"{os.path.basename(lesson_file)}: attn {block}: exit {r.returncode}: {r.stderr[:300]}")
        printed |= {value for _, value in numbers_in(r.stdout)}
    return printed


def matches(literal, value, printed):
    """Whether a literal equals a printed number, to the literal's own decimals (an integer: exactly)."""
    decimals = len(literal.split(".")[1]) if "." in literal else 0
    half = 0.5 * 10 ** -decimals + 1e-12 if decimals else 1e-9
    return any(abs(value - p) <= half for p in printed)


def stale_numbers(env, shipped, label, shipped_printed, allowed):
    """A literal of the prose that the lesson's commands print on the shipped data but no longer print
    on the edited data: the prose quotes a number the learner's screen does not show."""
    for number, path in lessons():
        if path not in shipped_printed:
            shipped_printed[path] = printed_by_blocks(shipped, path, [])
        before = shipped_printed[path]
        after = printed_by_blocks(env, path, allowed)
        if after is None:
            continue  # a refused command: the lesson says so, there is no screen to compare
        for line, literal, value in prose_numbers(path):
            if matches(literal, value, before) and not matches(literal, value, after):
                fail(f"{label}: {os.path.basename(path)}:{line}: the prose says {literal}, which the "
                     f"lesson's commands printed on the shipped data but not on this one")


def check_course(env, label, lessons_dir=LESSONS, report_failures=True, allowed=()):
    """attn check --strict on the course under `env`'s data; its exit code, after reporting each failure
    that is not an `allowed` refusal."""
    result = attn(env, "--lessons", lessons_dir, "check", "--strict", "--json")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        fail(f"{label}: attn check --strict printed no JSON (exit {result.returncode}): {result.stderr[:500]}")
        return None
    unexpected = 0
    for lesson in report["lessons"]:
        for f in lesson["failures"]:
            if any(re.search(p, f["message"]) for p in allowed):
                continue
            unexpected += 1
            if report_failures:
                fail(f"{label}: check: {f['message']}")
    return result.returncode if not allowed else (1 if unexpected else 0)


def render_everything(env, label, allowed):
    """Every lesson at 60 and 100 columns and every hint at every level: no error but `allowed` ones."""
    for number, path in lessons():
        for width in ("60", "100"):
            r = attn(dict(env, COLUMNS=width), "--lessons", LESSONS, "--no-input", "lesson", str(number))
            if (r.returncode != 0 or "attn: error" in r.stderr) and not (allowed and refused(r.stderr, allowed)):
                fail(f"{label}: lesson {number} at {width} columns: exit {r.returncode}: {r.stderr[:800]}")
        for qid, count in question_hints(path):
            for level in range(1, count + 1):
                r = attn(env, "--lessons", LESSONS, "hint", str(number), qid, "--level", str(level))
                if r.returncode != 0 and not (allowed and refused(r.stderr, allowed)):
                    fail(f"{label}: hint {number} {qid} --level {level}: exit {r.returncode}: {r.stderr[:500]}")


def main():
    scratch = tempfile.mkdtemp(prefix="attn-data-edits.")
    try:
        base = {k: v for k, v in os.environ.items()
                if k not in ("ATTN_LESSONS_DIR", "ATTN_DATA_DIR", "ATTN_WORKSPACE")}
        base.update(HOME=scratch, XDG_STATE_HOME=os.path.join(scratch, "state"),
                    XDG_DATA_HOME=os.path.join(scratch, "xdg-data"), NO_COLOR="1")
        shipped = dict(base, ATTN_DATA_DIR=os.path.join(SOURCE, "data"))

        # Control: one stale literal (the shipped score of apple against ate) must fail --strict.
        stale = os.path.join(scratch, "stale-lessons")
        shutil.copytree(LESSONS, stale)
        replace_once(os.path.join(stale, "04-the-dot-product.md"), "## Why a dot product?",
                     "The score of apple against ate is 3.225.\n\n## Why a dot product?")
        code = check_course(shipped, "control", stale, report_failures=False)
        if code != 1:
            fail(f"control: a stale literal 3.225 in lesson 4 passed attn check --strict (exit {code})")

        shipped_printed = {}
        for name, edit, probe in EDITS:
            allowed = SHAPE_REFUSALS if edit is drop_function_dimension else []
            data = os.path.join(scratch, "data")
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(os.path.join(SOURCE, "data"), data)
            edit(data)
            env = dict(base, ATTN_DATA_DIR=data)
            # Control: the edit must change what attn prints, or it tests nothing.
            if attn(env, *probe, "--format", "json").stdout == attn(shipped, *probe, "--format", "json").stdout:
                fail(f"{name}: attn {' '.join(probe)} prints the same as with the shipped data")
                continue
            label = f"[{name}]"
            if check_course(env, label, allowed=allowed) != 0:
                fail(f"{label}: attn check --strict failed")
            render_everything(env, label, allowed)
            stale_numbers(env, shipped, label, shipped_printed, allowed)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print(f"data_edits: {len(failures)} failures", file=sys.stderr)
        return 1
    print(f"data_edits: {len(EDITS)} edits, every lesson and hint renders and checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
