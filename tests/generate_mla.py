#!/usr/bin/python3
"""Reference values for attn's multi-head latent attention (--mla FILE.toml), computed by PyTorch in
float64 as transformers' DeepseekV3Attention computes it (naive: up-project K and V, then attend),
independently of attn's code.

Run with Debian's interpreter (it has python3-torch):  /usr/bin/python3 tests/generate_mla.py
Writes tests/fixtures/mla/<case>/: mla.toml with its CSV files (what `attn run --mla` reads), x.csv,
and expected.json with "config", the layer's stages (q, kv_a, latent, k_rope, concat, output) and
"heads" (each head's q_nope, q_rope, k_nope, v, scores, scaled, weights, output). Also writes the shipped
example data/mla/ (the apple vocabulary's d_model of 6, numbers rounded to two decimals).

As DeepseekV3Attention writes it, with nn.Linear weights W (out, in), so that attn's matrices are W.T:
  q       = q_proj(x), or q_b_proj(q_a_layernorm(q_a_proj(x)))      split per head into [nope, rope]
  kv_a    = kv_a_proj_with_mqa(x)                                   split into [latent, k_rope]
  k_nope, v = kv_b_proj(kv_a_layernorm(latent))                     split per head into [nope, v]
  RoPE on q_rope and the one k_rope (shared by all heads), scaling (nope + rope)^-0.5, softmax, o_proj.
RMSNorm as DeepseekV3RMSNorm: w * x / sqrt(mean(x^2) + eps).
RoPE with adjacent pairs as DeepSeek's inference code writes it (view_as_complex, so the rotated
dimensions stay where they were); transformers' rope_interleave path (apply_rotary_pos_emb_interleave)
returns them de-interleaved, evens then odds, which permutes q_rope and k_rope alike: its scores and
outputs are checked here to be the same. halves as transformers' apply_rotary_pos_emb (rotate_half).
"""
import json
import math
import os

import torch

from fixture_io import as_list, write_csv

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "tests", "fixtures", "mla")



def rms_norm(x, weight, eps):
    """DeepseekV3RMSNorm."""
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def cos_sin(n, dim, base, offset):
    """DeepseekV3RotaryEmbedding: inv_freq = 1 / base^(arange(0, dim, 2) / dim), emb = cat(freqs, freqs)."""
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    freqs = (offset + torch.arange(n, dtype=torch.float64))[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rope_halves(x, cos, sin):
    """transformers' apply_rotary_pos_emb."""
    return x * cos + rotate_half(x) * sin


def rope_interleave_transformers(x, cos, sin):
    """transformers' apply_rotary_pos_emb_interleave: de-interleave, then rotate_half."""
    *lead, d = x.shape
    x = x.reshape(*lead, d // 2, 2).transpose(-1, -2).reshape(*lead, d)
    return x * cos + rotate_half(x) * sin


def rope_adjacent_deepseek(x, base, offset):
    """DeepSeek's apply_rotary_emb: adjacent pairs as complex numbers times e^(i·m·θ)."""
    *lead, n, d = x.shape
    theta = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    angles = (offset + torch.arange(n, dtype=torch.float64))[:, None] * theta[None, :]
    pairs = torch.view_as_complex(x.reshape(*lead, n, d // 2, 2).contiguous())
    return torch.view_as_real(pairs * torch.polar(torch.ones_like(angles), angles)).reshape(*lead, n, d)


def attention(c, w, x, causal, interleave_check=False):
    """DeepseekV3Attention.forward on one sequence x (n, d_model). Returns the stages."""
    H, nope, rope, vd, r = c["heads"], c["qk_nope_dim"], c["qk_rope_dim"], c["v_dim"], c["kv_lora_rank"]
    n = x.shape[0]
    qk = nope + rope
    q_a = None
    if c["q_lora_rank"] == 0:
        q = x @ w["q"]
    else:
        q_a = rms_norm(x @ w["q_a"], w["q_a_norm"][0], c["eps"])
        q = q_a @ w["q_b"]
    q_states = q.view(n, H, qk).transpose(0, 1)                          # (H, n, qk)
    q_pass, q_rot = torch.split(q_states, [nope, rope], dim=-1)
    kv_a = x @ w["kv_a"]
    k_pass, k_rot = torch.split(kv_a, [r, rope], dim=-1)
    latent = rms_norm(k_pass, w["kv_a_norm"][0], c["eps"])
    kv = (latent @ w["kv_b"]).view(n, H, nope + vd).transpose(0, 1)     # (H, n, nope + v)
    k_nope, v = torch.split(kv, [nope, vd], dim=-1)
    k_rot = k_rot.view(1, n, rope)
    offset = c.get("rope_offset", 0.0)
    cos, sin = cos_sin(n, rope, c["rope_base"], offset)
    if c["rope_pairs"] == "halves":
        q_rot, k_rot = rope_halves(q_rot, cos, sin), rope_halves(k_rot, cos, sin)
    else:
        tq, tk = rope_interleave_transformers(q_rot, cos, sin), rope_interleave_transformers(k_rot, cos, sin)
        q_rot, k_rot = rope_adjacent_deepseek(q_rot, c["rope_base"], offset), \
            rope_adjacent_deepseek(k_rot, c["rope_base"], offset)
        # The same scores either way: the interleave path permutes q and k alike.
        assert torch.allclose(tq @ tk.transpose(-1, -2), q_rot @ k_rot.transpose(-1, -2), atol=1e-14)
    k_rot_all = k_rot.expand(H, n, rope)
    query = torch.cat((q_pass, q_rot), dim=-1)
    key = torch.cat((k_nope, k_rot_all), dim=-1)
    scores = query @ key.transpose(-1, -2)
    scaled = scores * qk ** -0.5 / c.get("temperature", 1.0)
    masked = scaled.clone()
    if causal:
        masked = masked.masked_fill(torch.triu(torch.ones(n, n, dtype=torch.bool), 1), float("-inf"))
    weights = torch.softmax(masked, dim=-1)
    out = weights @ v                                                    # (H, n, v)
    concat = out.transpose(0, 1).reshape(n, H * vd)
    output = concat @ w["o"]
    heads = [{"q_nope": as_list(q_pass[h]), "q_rope": as_list(q_rot[h]), "k_nope": as_list(k_nope[h]),
              "v": as_list(v[h]), "scores": as_list(scores[h]), "scaled": as_list(scaled[h]),
              "weights": as_list(weights[h]), "output": as_list(out[h])} for h in range(H)]
    stages = {"q": as_list(q), "kv_a": as_list(kv_a), "latent": as_list(latent),
              "k_rope": as_list(k_rot[0]), "concat": as_list(concat), "output": as_list(output)}
    if q_a is not None:
        stages["q_a"] = as_list(q_a)
    return stages, heads


def weights_for(c, d_model, g, decimals=None):
    H, qk = c["heads"], c["qk_nope_dim"] + c["qk_rope_dim"]

    def m(rows, cols, scale=0.6):
        t = torch.randn(rows, cols, generator=g) * scale
        return torch.round(t * 10 ** decimals) / 10 ** decimals if decimals else t

    def norm(k):
        t = 1.0 + 0.2 * torch.randn(1, k, generator=g)
        return torch.round(t * 10 ** decimals) / 10 ** decimals if decimals else t

    w = {}
    if c["q_lora_rank"] == 0:
        w["q"] = m(d_model, H * qk)
    else:
        w["q_a"] = m(d_model, c["q_lora_rank"])
        w["q_a_norm"] = norm(c["q_lora_rank"])
        w["q_b"] = m(c["q_lora_rank"], H * qk)
    w["kv_a"] = m(d_model, c["kv_lora_rank"] + c["qk_rope_dim"])
    w["kv_a_norm"] = norm(c["kv_lora_rank"])
    w["kv_b"] = m(c["kv_lora_rank"], H * (c["qk_nope_dim"] + c["v_dim"]))
    w["o"] = m(H * c["v_dim"], d_model)
    return w


KEYS = ["heads", "q_lora_rank", "kv_lora_rank", "qk_nope_dim", "qk_rope_dim", "v_dim", "rope_base", "eps"]


def write_toml(folder, c, w, comment):
    os.makedirs(folder, exist_ok=True)
    lines = [comment, ""]
    for k in KEYS:
        lines.append(f"{k} = {c[k]!r}" if isinstance(c[k], float) else f"{k} = {c[k]}")
    lines.append("")
    for name in w:
        lines.append(f'{name} = "{name}.csv"')
        write_csv(os.path.join(folder, name + ".csv"), w[name])
    with open(os.path.join(folder, "mla.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")


CASES = {
    # Query compression, adjacent pairs over two pairs of rope dimensions, causal.
    "q_lora_adjacent_causal": dict(heads=2, q_lora_rank=4, kv_lora_rank=3, qk_nope_dim=2, qk_rope_dim=4,
                                   v_dim=3, rope_base=10000.0, eps=1e-6, rope_pairs="adjacent",
                                   causal=True, d_model=6, n=5, seed=1),
    # No query compression (q_lora_rank = 0), rotate_half pairs, no mask, three heads.
    "no_q_lora_halves": dict(heads=3, q_lora_rank=0, kv_lora_rank=4, qk_nope_dim=3, qk_rope_dim=4,
                             v_dim=2, rope_base=500.0, eps=1e-5, rope_pairs="halves", causal=False,
                             d_model=5, n=4, seed=2),
    # One head, halves, causal, a temperature and a rope offset.
    "one_head_halves_causal": dict(heads=1, q_lora_rank=3, kv_lora_rank=2, qk_nope_dim=2, qk_rope_dim=2,
                                   v_dim=2, rope_base=10000.0, eps=1e-6, rope_pairs="halves", causal=True,
                                   temperature=0.7, rope_offset=3.0, d_model=4, n=4, seed=3),
}


def main():
    for name, c in CASES.items():
        g = torch.Generator().manual_seed(c["seed"])
        x = torch.randn(c["n"], c["d_model"], generator=g)
        w = weights_for(c, c["d_model"], g)
        folder = os.path.join(HERE, name)
        write_toml(folder, c, w, f"# MLA fixture {name}, written by tests/generate_mla.py.")
        write_csv(os.path.join(folder, "x.csv"), x)
        stages, heads = attention(c, w, x, c["causal"])
        config = {k: c[k] for k in KEYS + ["rope_pairs", "causal"]}
        for k in ("temperature", "rope_offset"):
            if k in c:
                config[k] = c[k]
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump({"config": config, "stages": stages, "heads": heads}, f, indent=1)
    # The shipped example, for the apple vocabulary (d_model 6).
    c = dict(heads=2, q_lora_rank=4, kv_lora_rank=4, qk_nope_dim=4, qk_rope_dim=2, v_dim=4,
             rope_base=10000.0, eps=1e-6)
    w = weights_for(c, 6, torch.Generator().manual_seed(25), decimals=2)
    write_toml(os.path.join(ROOT, "data", "mla"), c, w, SHIPPED_COMMENT)


SHIPPED_COMMENT = """\
# A toy multi-head latent attention layer (DeepSeek-V3's MLA) for the apple vocabulary's 6 dimensions,
# random numbers rounded to two decimals (tests/generate_mla.py writes it).
# Try it:  attn run -s "I ate the apple" --mla data/mla/mla.toml --mask causal
#          attn decode -s "I ate the apple" --mla data/mla/mla.toml
#
# Every matrix is as attn multiplies it, X·W: transformers' nn.Linear weight transposed.
#   q_a        d_model x q_lora_rank             the query's down-projection (q_lora_rank = 0: q instead)
#   q_a_norm   1 x q_lora_rank                   its RMSNorm's weights
#   q_b        q_lora_rank x H·(nope + rope)     per head: nope columns, then rope columns
#   kv_a       d_model x (kv_lora_rank + rope)   the latent c_kv, then the one rope key all heads share
#   kv_a_norm  1 x kv_lora_rank                  the latent's RMSNorm weights
#   kv_b       kv_lora_rank x H·(nope + v)       per head: W_UK (nope columns), then W_UV (v columns)
#   o          H·v x d_model
# The cache keeps kv_lora_rank + qk_rope_dim = 6 numbers a token; these heads without the latent would
# keep 2·(4 + 2) + 2·4 = 20."""


if __name__ == "__main__":
    main()
