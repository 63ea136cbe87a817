#!/usr/bin/python3
"""Reference values for attn's attention core, computed by PyTorch in float64.

Run with Debian's interpreter (it has python3-torch):  /usr/bin/python3 tests/generate_attention.py
Writes tests/fixtures/attention/<case>/: the inputs as CSV (what `attn run` reads) and expected.json
with every stage. torch stores a Linear weight as (out, in) and computes x·Wᵀ, so our W (in, out) is
handed to torch transposed. torch's boolean attn_mask means True = blocked; ours (keep) means 1 = may
attend, so we pass `~keep`.
"""
import json
import math
import os

import torch

from fixture_io import as_list, write_csv

torch.set_default_dtype(torch.float64)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "attention")



def single_head(q, k, v, keep):
    """Every stage of one head, written out as the formulas say."""
    scores = q @ k.T
    scaled = scores / math.sqrt(q.shape[1])
    masked = scaled.masked_fill(~keep, float("-inf")) if keep is not None else None
    weights = torch.softmax(masked if masked is not None else scaled, dim=-1)
    out = {"q": q, "k": k, "v": v, "scores": scores, "scaled": scaled, "weights": weights, "output": weights @ v}
    if masked is not None:
        out["masked"] = masked
    return out


def save_case(name, inputs, expected):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    for key, m in inputs.items():
        write_csv(os.path.join(folder, key + ".csv"), m)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def case_single(name, n, d_model, d_k, d_v, keep_fn, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d_model, generator=g)
    wq, wk = torch.randn(d_model, d_k, generator=g), torch.randn(d_model, d_k, generator=g)
    wv = torch.randn(d_model, d_v, generator=g)
    keep = keep_fn(n)
    stages = single_head(x @ wq, x @ wk, x @ wv, keep)
    expected = {"stages": {k: as_list(v) for k, v in stages.items()}}
    expected["stages"]["x"] = as_list(x)
    inputs = {"x": x, "wq": wq, "wk": wk, "wv": wv}
    if keep is not None:
        inputs["keep"] = keep.to(torch.float64)
        # the fused kernel must agree with the step-by-step formulas
        fused = torch.nn.functional.scaled_dot_product_attention(x @ wq, x @ wk, x @ wv, attn_mask=keep) \
            if hasattr(torch.nn.functional, "scaled_dot_product_attention") else None
        if fused is not None:
            assert torch.allclose(fused, stages["output"], atol=1e-13)
    save_case(name, inputs, expected)


def case_multihead(name, n, d_model, heads, causal, seed):
    """torch.nn.MultiheadAttention with our weights copied in; per-head stages from the formulas."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d_model, generator=g)
    wq, wk, wv, wo = (torch.randn(d_model, d_model, generator=g) for _ in range(4))
    mha = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([wq.T, wk.T, wv.T], dim=0))
        mha.out_proj.weight.copy_(wo.T)
    blocked = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1) if causal else None
    out, per_head = mha(x[None], x[None], x[None], attn_mask=blocked, need_weights=True, average_attn_weights=False)
    d_k = d_model // heads
    keep = ~blocked if causal else None
    head_stages = []
    for h in range(heads):
        cols = slice(h * d_k, (h + 1) * d_k)
        s = single_head((x @ wq)[:, cols], (x @ wk)[:, cols], (x @ wv)[:, cols], keep)
        assert torch.allclose(s["weights"], per_head[0, h], atol=1e-14), "formulas disagree with torch"
        head_stages.append({k: as_list(v) for k, v in s.items()})
    concat = torch.cat([torch.tensor(head["output"]) for head in head_stages], dim=1)
    expected = {
        "stages": {"x": as_list(x), "q": as_list(x @ wq), "k": as_list(x @ wk), "v": as_list(x @ wv),
                   "concat": as_list(concat), "output": as_list(out[0])},
        "heads": head_stages,
        "torch_head_weights": [as_list(per_head[0, h]) for h in range(heads)],
    }
    save_case(name, {"x": x, "wq": wq, "wk": wk, "wv": wv, "wo": wo}, expected)


def case_padding(name, seed):
    """key_padding_mask: True = this key is padding. The last two keys are padding."""
    g = torch.Generator().manual_seed(seed)
    n, d_model = 5, 4
    x = torch.randn(n, d_model, generator=g)
    wq, wk, wv, wo = (torch.randn(d_model, d_model, generator=g) for _ in range(4))
    mha = torch.nn.MultiheadAttention(d_model, 1, bias=False, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([wq.T, wk.T, wv.T], dim=0))
        mha.out_proj.weight.copy_(wo.T)
    pad = torch.tensor([[False, False, False, True, True]])
    out, weights = mha(x[None], x[None], x[None], key_padding_mask=pad, need_weights=True)
    expected = {"stages": {"weights": as_list(weights[0]), "output": as_list(out[0])}, "labels": "a b c <pad> <pad>"}
    save_case(name, {"x": x, "wq": wq, "wk": wk, "wv": wv, "wo": wo}, expected)


def repeat_kv_heads(w, n_heads, n_kv_heads):
    """(d_model, g·d) → (d_model, h·d): each key/value head's columns repeated for the h/g query heads
    that share it, so that plain multi-head attention computes grouped-query attention."""
    d = w.shape[1] // n_kv_heads
    blocks = [w[:, g * d:(g + 1) * d] for g in range(n_kv_heads) for _ in range(n_heads // n_kv_heads)]
    return torch.cat(blocks, dim=1)


def case_grouped(name, n, d_model, heads, kv_heads, causal, seed):
    """Grouped-query attention (kv_heads < heads) as torch.nn.MultiheadAttention with K and V repeated."""
    g = torch.Generator().manual_seed(seed)
    d_k = d_model // heads
    x = torch.randn(n, d_model, generator=g)
    wq, wo = torch.randn(d_model, d_model, generator=g), torch.randn(d_model, d_model, generator=g)
    wk, wv = torch.randn(d_model, kv_heads * d_k, generator=g), torch.randn(d_model, kv_heads * d_k, generator=g)
    wk_all, wv_all = repeat_kv_heads(wk, heads, kv_heads), repeat_kv_heads(wv, heads, kv_heads)
    mha = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([wq.T, wk_all.T, wv_all.T], dim=0))
        mha.out_proj.weight.copy_(wo.T)
    blocked = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1) if causal else None
    out, per_head = mha(x[None], x[None], x[None], attn_mask=blocked, need_weights=True, average_attn_weights=False)
    keep = ~blocked if causal else None
    head_stages = []
    for h in range(heads):
        kv = h // (heads // kv_heads)
        q_cols, kv_cols = slice(h * d_k, (h + 1) * d_k), slice(kv * d_k, (kv + 1) * d_k)
        s = single_head((x @ wq)[:, q_cols], (x @ wk)[:, kv_cols], (x @ wv)[:, kv_cols], keep)
        assert torch.allclose(s["weights"], per_head[0, h], atol=1e-14), "formulas disagree with torch"
        stages = {k: as_list(v) for k, v in s.items()}
        stages["kv_head"] = kv
        head_stages.append(stages)
    concat = torch.cat([torch.tensor(head["output"]) for head in head_stages], dim=1)
    expected = {
        "n_heads": heads, "n_kv_heads": kv_heads, "causal": causal,
        "stages": {"x": as_list(x), "q": as_list(x @ wq), "k": as_list(x @ wk), "v": as_list(x @ wv),
                   "concat": as_list(concat), "output": as_list(out[0])},
        "heads": head_stages,
        "torch_head_weights": [as_list(per_head[0, h]) for h in range(heads)],
    }
    if causal:
        expected["decode"] = decode_steps(x, wq, wk, wv, wo, heads, kv_heads)
        assert torch.allclose(torch.tensor(expected["decode"]["output"]), out[0], atol=1e-13)
    save_case(name, {"x": x, "wq": wq, "wk": wk, "wv": wv, "wo": wo}, expected)


def decode_steps(x, wq, wk, wv, wo, heads, kv_heads):
    """Generation one token at a time: at step t the query of token t attends to the cached keys and
    values of tokens 0..t. Written as a loop over steps, independently of the causal mask."""
    d_k = wq.shape[1] // heads
    k_cache, v_cache, steps, outputs = [], [], [], []
    for t in range(x.shape[0]):
        q, k, v = x[t] @ wq, x[t] @ wk, x[t] @ wv
        k_cache.append(k)
        v_cache.append(v)
        keys, values = torch.stack(k_cache), torch.stack(v_cache)
        step_heads, concat = [], []
        for h in range(heads):
            kv = h // (heads // kv_heads)
            qh, kh, vh = q[h * d_k:(h + 1) * d_k], keys[:, kv * d_k:(kv + 1) * d_k], values[:, kv * d_k:(kv + 1) * d_k]
            scores = kh @ qh
            weights = torch.softmax(scores / math.sqrt(d_k), dim=0)
            out = weights @ vh
            concat.append(out)
            step_heads.append({"kv_head": kv, "q": qh.tolist(), "k": kh[-1].tolist(), "v": vh[-1].tolist(),
                               "k_cache": as_list(kh), "v_cache": as_list(vh), "scores": scores.tolist(),
                               "weights": weights.tolist(), "output": out.tolist()})
        output = torch.cat(concat) @ wo
        outputs.append(output)
        steps.append({"t": t, "heads": step_heads, "output": output.tolist()})
    return {"steps": steps, "output": as_list(torch.stack(outputs))}


def main():
    case_single("single", 4, 6, 3, 5, lambda n: None, seed=1)
    case_single("single_causal", 5, 4, 2, 3, lambda n: torch.tril(torch.ones(n, n, dtype=torch.bool)), seed=2)
    # An explicit keep-matrix: a band that also blocks the diagonal's right neighbour.
    band = lambda n: torch.tensor([[abs(i - j) <= 1 and j != i + 1 or j == 0 for j in range(n)] for i in range(n)])
    case_single("single_keep_file", 4, 3, 3, 2, band, seed=3)
    case_multihead("multihead_causal", 5, 6, 2, True, seed=4)
    case_multihead("multihead3", 4, 6, 3, False, seed=5)
    case_padding("padding", seed=6)
    case_grouped("grouped_causal", 5, 8, 4, 2, True, seed=7)
    case_grouped("multiquery", 4, 6, 3, 1, False, seed=8)
    case_grouped("multihead_decode", 4, 6, 2, 2, True, seed=9)


if __name__ == "__main__":
    main()
