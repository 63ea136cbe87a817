#!/usr/bin/python3
"""Reference numbers for `attn seq2seq`, in float64, straight from the formulas of issue 4.

Run from the repository root with Debian's interpreter (it has numpy):
    /usr/bin/python3 tests/generate_seq2seq.py
It writes tests/fixtures/seq2seq/:
  toy.json   the shipped toy model (data/seq2seq/) on its default pair and on the long pair: encoder and
             decoder states, and for every score (dot, general, concat, additive) and every attention
             (global, local-m, local-p) the scores (null outside the window), weights, contexts,
             attentional states, p_t and windows; plus hard attention's seeded draws and convergence.
  csv/*.csv  random states and weights with d_t != d_s (so a transposed W_a cannot pass), and
  csv.json   the expected results for them.
Numbers are written with Python's repr (the shortest text that reads back to the same double), CSV
inputs with 17 significant digits. Nothing here is computed by attn: only numpy and the formulas.
"""
import json
import math
import os
import tomllib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "seq2seq")


# ---- the formulas -------------------------------------------------------------------------------
def recurrent(xs, wx, wh, b, h0):
    """h_i = tanh(W_x x_i + W_h h_(i-1) + b), rows in, rows out."""
    h, out = h0, []
    for x in xs:
        h = np.tanh(wx @ x + wh @ h + b)
        out.append(h)
    return np.array(out)


def score(kind, q, hs, w):
    """score(h_t, hbar_s) for every row of hs. No 1/sqrt(d) scaling."""
    if kind == "dot":
        return hs @ q
    if kind == "general":
        return np.array([q @ w["wa"] @ h for h in hs])
    if kind == "concat":
        return np.array([w["va"] @ np.tanh(w["wa"] @ np.concatenate([q, h])) for h in hs])
    return np.array([w["va"] @ np.tanh(w["wa"] @ q + w["ua"] @ h) for h in hs])  # additive, q = s_(t-1)


def attend(kind, attention, queries, states, hs, w, D, wp=None, vp=None, wc=None):
    S = len(hs)
    steps = []
    for t, (q, h) in enumerate(zip(queries, states)):
        p = None
        first, last = 0, S - 1
        if attention == "local-m":
            p = float(t)
        elif attention == "local-p":
            p = S / (1.0 + math.exp(-(vp @ np.tanh(wp @ q))))
        if p is not None:
            first, last = max(0, math.ceil(p - D)), min(S - 1, math.floor(p + D))
            assert first <= last, "empty window"
        scores = np.full(S, -np.inf)
        scores[first:last + 1] = score(kind, q, hs[first:last + 1], w)
        inside = scores[first:last + 1]
        e = np.exp(inside - inside.max())
        content = np.zeros(S)
        content[first:last + 1] = e / e.sum()
        gaussian = None
        weights = content
        if attention == "local-p":
            sigma = D / 2.0
            gaussian = np.zeros(S)
            s = np.arange(first, last + 1)
            gaussian[first:last + 1] = np.exp(-((s - p) ** 2) / (2 * sigma * sigma))
            weights = content * gaussian  # not renormalised
        context = weights @ hs
        att = np.tanh(wc @ np.concatenate([context, h])) if wc is not None else None
        steps.append(dict(p=p, window=[first, last], scores=scores, content=content, gaussian=gaussian,
                          weights=weights, context=context, attentional=att))
    return steps


# ---- std::mt19937_64, so that hard attention's seeded draws can be checked exactly ---------------
class MT19937_64:
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.mt = [seed & self.MASK]
        for i in range(1, 312):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & self.MASK)
        self.i = 312

    def next(self):
        if self.i >= 312:
            for k in range(312):
                x = (self.mt[k] & 0xFFFFFFFF80000000) | (self.mt[(k + 1) % 312] & 0x7FFFFFFF)
                xa = x >> 1
                if x & 1:
                    xa ^= 0xB5026F5AA96619E9
                self.mt[k] = self.mt[(k + 156) % 312] ^ xa
            self.i = 0
        x = self.mt[self.i]
        self.i += 1
        x ^= (x >> 29) & 0x5555555555555555
        x ^= (x << 17) & 0x71D67FFFEDA60000
        x ^= (x << 37) & 0xFFF7EEE000000000
        x ^= x >> 43
        return x & self.MASK


def check_mt():
    g = MT19937_64(5489)
    for _ in range(9999):
        g.next()
    assert g.next() == 9981545732273789042, "mt19937_64 does not match the C++ standard's check value"


def sample(weights, u):
    target, running = u * weights.sum(), 0.0
    for s, w in enumerate(weights):
        running += w
        if running > target:
            return s
    return int(np.nonzero(weights > 0)[0][-1])


def hard(alignment, hs, contexts, n, seed):
    g = MT19937_64(seed)
    draws = np.zeros((n, len(alignment)), dtype=int)
    for i in range(n):
        for t in range(len(alignment)):
            u = (g.next() >> 11) * 2.0 ** -53
            draws[i, t] = sample(alignment[t], u)
    checkpoints, k = [], 1
    while k < n:
        checkpoints.append(k)
        k *= 10
    checkpoints.append(n)
    conv = []
    for c in checkpoints:
        dist = [np.linalg.norm(hs[draws[:c, t]].mean(axis=0) - contexts[t]) for t in range(len(alignment))]
        conv.append({"n_samples": c, "mean_distance": float(np.mean(dist)), "max_distance": float(np.max(dist))})
    return draws, conv


# ---- output helpers ------------------------------------------------------------------------------
def rows(m):
    return [[None if not np.isfinite(x) else float(x) for x in np.atleast_1d(r)] for r in np.atleast_2d(m)]


def steps_json(steps):
    out = {k: rows([s[k] for s in steps]) for k in ("scores", "content", "weights", "context")}
    out["alignment"] = out.pop("weights")
    out["contexts"] = out.pop("context")
    if steps[0]["attentional"] is not None:
        out["attentional"] = rows([s["attentional"] for s in steps])
    if steps[0]["gaussian"] is not None:
        out["gaussian"] = rows([s["gaussian"] for s in steps])
    out["positions"] = [s["p"] for s in steps]
    out["windows"] = [s["window"] for s in steps]
    return out


def write_csv(name, m):
    with open(os.path.join(OUT, "csv", name), "w") as f:
        for r in np.atleast_2d(m):
            f.write(",".join("%.17g" % x for x in r) + "\n")


# ---- the toy model -------------------------------------------------------------------------------
def toy_case(vocab, w, source, target, D):
    emb = lambda table, words: np.array([table[x.lower()] for x in words], dtype=float)
    xs = emb(vocab["source"], source.split())
    ys = emb(vocab["target"], [vocab["start"]] + target.split()[:-1])
    m = lambda key: np.array(key, dtype=float)
    enc, dec = w["encoder"], w["decoder"]
    hs = recurrent(xs, m(enc["w_x"]), m(enc["w_h"]), m(enc["b"]), np.zeros(len(enc["b"])))
    ht = recurrent(ys, m(dec["w_x"]), m(dec["w_h"]), m(dec["b"]), hs[-1])
    prev = np.vstack([hs[-1:], ht[:-1]])
    weights = {"dot": {}, "general": {"wa": m(w["general"]["w_a"])},
               "concat": {"wa": m(w["concat"]["w_a"]), "va": m(w["concat"]["v_a"])},
               "additive": {"wa": m(w["additive"]["w_a"]), "ua": m(w["additive"]["u_a"]), "va": m(w["additive"]["v_a"])}}
    wp, vp = m(w["local_p"]["w_p"]), m(w["local_p"]["v_p"])
    wc = m(w["attentional"]["w_c"])
    case = {"source": source, "target": target, "window": D, "encoder": rows(hs), "states": rows(ht), "previous": rows(prev),
            "results": {}}
    for kind in weights:
        queries = prev if kind == "additive" else ht
        for attention in ("global", "local-m", "local-p"):
            if attention == "local-m" and len(ht) > len(hs) + D:
                continue
            steps = attend(kind, attention, queries, ht, hs, weights[kind], D, wp, vp, wc)
            case["results"][kind + "/" + attention] = steps_json(steps)
    glob = attend("dot", "global", ht, ht, hs, {}, D, wc=wc)
    alignment = np.array([s["weights"] for s in glob])
    contexts = np.array([s["context"] for s in glob])
    draws, conv = hard(alignment, hs, contexts, 1000, 42)
    case["hard"] = {"score": "dot", "seed": 42, "samples": 1000, "first_draws": draws[:20].tolist(),
                    "argmax": alignment.argmax(axis=1).tolist(), "convergence": conv}
    return case


def toy():
    with open(os.path.join(ROOT, "data", "seq2seq", "vocab.toml"), "rb") as f:
        vocab = tomllib.load(f)
    with open(os.path.join(ROOT, "data", "seq2seq", "weights.toml"), "rb") as f:
        w = tomllib.load(f)
    pairs = vocab["pairs"]
    cases = [toy_case(vocab, w, pairs[0]["source"], pairs[0]["target"], 2),
             toy_case(vocab, w, pairs[-1]["source"], pairs[-1]["target"], 1)]
    with open(os.path.join(OUT, "toy.json"), "w") as f:
        json.dump({"generator": "tests/generate_seq2seq.py", "cases": cases}, f, indent=1)


# ---- random CSV states, d_t = 3 != d_s = 4 -------------------------------------------------------
def csv_cases():
    rng = np.random.default_rng(20150817)  # Luong et al.'s arXiv date
    S, T, d_s, d_t, d_a, d_p, d_out = 7, 5, 4, 3, 6, 2, 3
    hs = rng.normal(size=(S, d_s))
    ht = rng.normal(size=(T, d_t))
    ht4 = rng.normal(size=(T, d_s))  # for the dot score, which needs d_t = d_s
    w = {"general": {"wa": rng.normal(size=(d_t, d_s))},
         "concat": {"wa": rng.normal(size=(d_a, d_t + d_s)), "va": rng.normal(size=d_a)},
         "additive": {"wa": rng.normal(size=(d_a, d_t)), "ua": rng.normal(size=(d_a, d_s)), "va": rng.normal(size=d_a)}}
    wp, vp = rng.normal(size=(d_p, d_t)), rng.normal(size=d_p)
    wp4 = rng.normal(size=(d_p, d_s))
    wc = rng.normal(size=(d_out, d_s + d_t))
    wc4 = rng.normal(size=(d_out, d_s + d_s))
    for name, mat in [("hs", hs), ("ht", ht), ("ht4", ht4), ("wa_general", w["general"]["wa"]),
                      ("wa_concat", w["concat"]["wa"]), ("va_concat", w["concat"]["va"][None, :]),
                      ("wa_additive", w["additive"]["wa"]), ("ua_additive", w["additive"]["ua"]),
                      ("va_additive", w["additive"]["va"][:, None]), ("wp", wp), ("vp", vp[:, None]), ("wp4", wp4),
                      ("wc", wc), ("wc4", wc4)]:
        write_csv(name + ".csv", mat)
    results = {}
    for kind in ("dot", "general", "concat", "additive"):
        q = ht4 if kind == "dot" else ht
        for attention, D in (("global", 2), ("local-m", 2), ("local-p", 1), ("local-p", 3)):
            steps = attend(kind, attention, q, q, hs, w.get(kind, {}), D, wp4 if kind == "dot" else wp, vp,
                           wc4 if kind == "dot" else wc)
            results[f"{kind}/{attention}/{D}"] = steps_json(steps)
    with open(os.path.join(OUT, "csv.json"), "w") as f:
        json.dump({"generator": "tests/generate_seq2seq.py", "results": results}, f, indent=1)


if __name__ == "__main__":
    check_mt()
    toy()
    csv_cases()
    print("wrote", OUT)
