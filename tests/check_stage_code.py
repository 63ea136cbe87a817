#!/usr/bin/python3
"""Runs every NumPy snippet of `attn run --show-code` on the toy data and compares each stage with
attn's own numbers (its JSON) at 1e-12. Usage: check_stage_code.py PATH/TO/attn"""
import json
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError:
    print("SKIP: python3-numpy is not installed (apt-get install python3-numpy); "
          "the snippets of --show-code were not checked")
    sys.exit(77)

ATTN = sys.argv[1]
FILES = tempfile.mkdtemp(prefix="attn-stage-code-")
atexit.register(shutil.rmtree, FILES, True)


def csv_file(name, text):
    path = os.path.join(FILES, name)
    with open(path, "w") as f:
        f.write(text)
    return path


SINK_ONE, SINK_TWO = csv_file("sink1.csv", "1.5\n"), csv_file("sink2.csv", "0.5,-1\n")
WG_SIX = csv_file("wg6.csv", "".join(",".join(str(0.5 * (i - j)) for j in range(6)) + "\n" for i in range(6)))
WG_FOUR = csv_file("wg4.csv", "".join(",".join(str(0.25 * (i + j) - 1) for j in range(4)) + "\n" for i in range(6)))
SENTENCE = ["-s", "I ate the apple"]
RUNS = [
    [],
    ["--mask", "causal"],
    ["--temperature", "0.5"],
    ["--heads", "3", "--weights", "random", "--d-k", "2"],
    ["--heads", "2", "--kv-heads", "1", "--weights", "random", "--d-k", "2", "--mask", "causal"],
    ["--rope", "--d-k", "4", "--weights", "random"],
    ["--heads", "2", "--rope", "--weights", "random", "--d-k", "2"],
    ["--rope", "--rope-pairs", "halves", "--d-k", "4", "--weights", "random"],
    ["--heads", "2", "--rope", "--rope-pairs", "halves", "--rope-dims", "2", "--weights", "random", "--d-k", "4"],
    ["--rope", "--rope-dims", "2", "--d-k", "6", "--weights", "random", "--rope-offset", "3"],
    ["--softcap", "1"],
    ["--rope", "--d-k", "6", "--weights", "random", "--rope-scaling", "yarn", "--rope-factor", "4",
     "--rope-original-length", "2", "--rope-offset", "5"],
    ["--heads", "2", "--rope", "--rope-pairs", "halves", "--rope-dims", "4", "--d-k", "6", "--weights", "random",
     "--rope-scaling", "llama3", "--rope-factor", "8", "--rope-original-length", "40", "--rope-high-freq-factor", "8"],
    ["--rope", "--d-k", "4", "--weights", "random", "--rope-scaling", "linear", "--rope-factor", "2"],
    ["--qk-norm"],
    ["--qk-norm", "--qk-norm-offset", "--rope", "--rope-pairs", "halves", "--d-k", "4", "--weights", "random"],
    ["--heads", "2", "--qk-norm", "--weights", "random", "--d-k", "2", "--mask", "causal"],
    ["--softcap", "0.5", "--alibi", "--temperature", "2", "--mask", "causal"],
    ["--alibi"],
    ["--sink-logits", SINK_ONE, "--mask", "causal"],
    ["--wg", WG_SIX],
    ["--heads", "2", "--weights", "random", "--d-k", "2", "--wg", WG_FOUR, "--sink-logits", SINK_TWO,
     "--mask", "causal"],
    ["--heads", "2", "--kv-heads", "1", "--weights", "random", "--d-k", "2", "--sink-logits", SINK_TWO,
     "--alibi", "--softcap", "1", "--mask", "causal"],
    ["--heads", "2", "--alibi", "--mask", "causal", "--weights", "random", "--d-k", "2"],
    ["--window", "2", "--sinks", "1"],
    ["--kernel", "linear"],
    ["--kernel", "linear", "--mask", "causal"],
    ["--heads", "2", "--kernel", "linear", "--weights", "random", "--d-k", "2"],
]


def matrix(rows):
    return np.array([[-np.inf if v is None else v for v in row] for row in rows], dtype=float)


def attn_stage(doc, name):
    if name.startswith("heads."):
        _, head, stage = name.split(".")
        return matrix(doc["heads"][int(head)][stage])
    return matrix(doc["stages"][name])


def check(flags):
    out = subprocess.run([ATTN, "run", *SENTENCE, *flags, "--format", "json", "--show-code"],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    scope = {}
    exec(doc["code"]["prelude"], scope)
    for name, rows in doc["inputs"].items():
        scope[name] = matrix(rows)
    if "mask" in doc:
        scope["keep"] = np.array(doc["mask"])
    scope["head_outputs"] = []
    head_scope, current_head, checked = None, None, 0
    for snippet in doc["code"]["stages"]:
        name = snippet["stage"]
        if name.startswith("heads."):
            head = int(name.split(".")[1])
            if head != current_head:
                head_scope, current_head = dict(scope), head
            where = head_scope
        else:
            where = scope
        exec(snippet["code"], where)
        got = np.asarray(where[snippet["result"]], dtype=float)
        want = attn_stage(doc, name)
        if got.shape != want.shape or not np.allclose(got, want, rtol=0, atol=1e-12, equal_nan=False):
            finite = np.isfinite(want)
            same_inf = np.array_equal(np.isinf(got), np.isinf(want))
            if not (got.shape == want.shape and same_inf and
                    np.max(np.abs(got[finite] - want[finite]), initial=0) <= 1e-12):
                print(f"FAIL attn run {' '.join(flags)}: stage {name}\n{snippet['code']}\n"
                      f"numpy:\n{got}\nattn:\n{want}")
                return False
        if name.startswith("heads.") and name.endswith(".output"):
            scope["head_outputs"].append(got)
        checked += 1
    if checked < 3:
        print(f"FAIL attn run {' '.join(flags)}: only {checked} snippets")
        return False
    print(f"ok   attn run {' '.join(flags) or '(plain)'}: {checked} snippets agree at 1e-12")
    return True


sys.exit(0 if all([check(flags) for flags in RUNS]) else 1)
