#!/usr/bin/python3
"""Reference values for the course's running example, computed by PyTorch in float64 from the shipped
toy data: "apple" in "I ate the apple" and in "I love my apple phone" (data/apple/vocab.toml's
[example], with the preset weights of data/apple/weights.toml).

Run with Debian's interpreter (it has python3-torch):  /usr/bin/python3 tests/generate_running_example.py
Writes tests/fixtures/running_example/expected.json: per sentence its tokens and every stage, plus the
cosine of apple's two outputs. tests/test_running_example.cpp compares attn's numbers with these at
1e-12 and pins the claims that lessons 1 and 8 make about them. Rerun it after editing the shipped
vocabulary or weights (the test then tells which claim of the lessons no longer holds).
"""
import json
import math
import os
import tomllib

import torch

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "apple")
OUT = os.path.join(ROOT, "tests", "fixtures", "running_example")


def load(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return tomllib.load(f)


def stages(sentence, words, wq, wk, wv):
    """One head, no mask: the formulas of lessons 3 to 8, and torch's fused kernel as a check."""
    tokens = sentence.split()
    x = torch.tensor([words[t.lower()] for t in tokens])
    q, k, v = x @ wq, x @ wk, x @ wv
    scores = q @ k.T
    scaled = scores / math.sqrt(q.shape[1])
    weights = torch.softmax(scaled, dim=-1)
    output = weights @ v
    if hasattr(torch.nn.functional, "scaled_dot_product_attention"):
        fused = torch.nn.functional.scaled_dot_product_attention(q[None], k[None], v[None])[0]
        assert torch.allclose(fused, output, atol=1e-14)
    as_list = lambda t: t.tolist()
    return {"sentence": sentence, "tokens": tokens,
            "stages": {"x": as_list(x), "q": as_list(q), "k": as_list(k), "v": as_list(v),
                       "scores": as_list(scores), "scaled": as_list(scaled), "weights": as_list(weights),
                       "output": as_list(output)}}


def main():
    vocab, preset = load("vocab.toml"), load("weights.toml")
    words = vocab["words"]
    wq, wk, wv = (torch.tensor(preset[m]) for m in ("w_q", "w_k", "w_v"))
    sentences = [stages(s, words, wq, wk, wv) for s in vocab["example"]["sentences"]]
    focus = vocab["example"]["focus"]
    a = torch.tensor(sentences[0]["stages"]["output"][sentences[0]["tokens"].index(focus)])
    b = torch.tensor(sentences[1]["stages"]["output"][sentences[1]["tokens"].index(focus)])
    cosine = float(a @ b / (a.norm() * b.norm()))
    expected = {"dimensions": vocab["dimensions"], "focus": focus, "sentences": sentences,
                "output_cosine": cosine}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
