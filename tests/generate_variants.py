#!/usr/bin/python3
"""Reference values for attn's attention variants (RoPE with either pairing and partial rotary, ALiBi,
sliding windows with sinks, linear attention, logit softcapping), computed by PyTorch in float64
independently of attn's loops.

Run with Debian's interpreter (it has python3-torch):  /usr/bin/python3 tests/generate_variants.py
Writes tests/fixtures/variants/<case>/: the inputs as CSV (what `attn run --x ... --wq ...` reads), and
expected.json with "config" (the flags), "slopes" (ALiBi), "mask" (keep-matrix), "stages" (top level)
and "heads" (each head's stages).

- RoPE as complex multiplication (the form of LLaMA's reference code): the interleaved pairs
  (x[2i], x[2i+1]) are the complex number x[2i] + i·x[2i+1], multiplied by e^(i·m·θ_i).
- RoPE with --rope-pairs halves as transformers' apply_rotary_pos_emb writes it: cos and sin of
  cat(freqs, freqs), and rotate_half(x) = cat(-x2, x1). --rope-dims R turns the first R dimensions only
  (GPT-NeoX's rotary_ndims, transformers' partial_rotary_factor), with θ_i = base^(-2i/R).
- QK-norm as Qwen3RMSNorm (w * x / sqrt(mean(x^2) + eps)) and Gemma3RMSNorm ((1 + w) * ...) write it,
  over each head's q and k before RoPE.
- Softcapping as Gemma 2 does: C * tanh(scaled / C) after the scaling, before the bias and the mask.
- Learned sinks as gpt-oss's eager_attention_forward writes them: one logit per query head, concatenated
  to each row of the (masked) logits, the row max subtracted, the softmax taken, the sink column dropped.
- The output gate as Qwen3-Next's attention applies it: attn_output * sigmoid(gate) before o_proj, with
  gate = X·W_g in the head's d_v columns (Qwen3-Next takes it from a doubled q_proj; here W_g is its own).
- Long-context RoPE (config "rope_scaling"): θ_i (inv_freq) and the attention factor on cos and sin as
  transformers' modeling_rope_utils computes them for rope_type linear, yarn and llama3 (rope_parameters),
  written here in torch from those functions.
- Grouped-query attention (config "kv_heads"): query head h reads key/value head h // (heads / kv_heads).
- ALiBi slopes with the reference implementation's get_slopes (ofirpress/attention_with_linear_biases).
- Linear attention with torch's elu; the causal case with cumulative sums over the keys.
- Windowed cases also get "decode": generation token by token through a rolling buffer of at most
  sinks + window rows (StreamingLLM's cache), what `attn decode --window W --sinks S` shows.
"""
import json
import math
import os

import torch

from fixture_io import as_list, write_csv

torch.set_default_dtype(torch.float64)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "variants")



def rope_interleaved(x, base, offset, theta=None):
    """Rows of x (n, d) at positions offset, offset + 1, ...: rotate each interleaved pair."""
    n, d = x.shape
    if theta is None:
        theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)    # θ_i = base^(−2i/d)
    angles = (offset + torch.arange(n, dtype=torch.float64))[:, None] * theta[None, :]
    pairs = torch.view_as_complex(x.reshape(n, d // 2, 2).contiguous())
    return torch.view_as_real(pairs * torch.polar(torch.ones_like(angles), angles)).reshape(n, d)


def rotate_half(x):
    """transformers' rotate_half, verbatim."""
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rope_rotate_half(x, base, offset, inv_freq=None):
    """transformers' default rope init and apply_rotary_pos_emb for one head (n, d)."""
    n, d = x.shape
    if inv_freq is None:
        inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    positions = offset + torch.arange(n, dtype=torch.float64)
    freqs = positions[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return x * emb.cos() + rotate_half(x) * emb.sin()


def rope_parameters(base, dim, scaling):
    """(inv_freq, attention_factor) as transformers' modeling_rope_utils computes them for rope_type
    linear (_compute_linear_scaling_rope_parameters), yarn (_compute_yarn_parameters: beta_fast 32,
    beta_slow 1, truncate, no mscale/mscale_all_dim) and llama3 (_compute_llama3_parameters), in float64."""
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    kind, factor = scaling["type"], scaling["factor"]
    if kind == "linear":
        return inv_freq / factor, 1.0
    if kind == "llama3":
        low_freq_factor, high_freq_factor = scaling["low_freq_factor"], scaling["high_freq_factor"]
        old_context_len = scaling["original_max_position_embeddings"]
        low_freq_wavelen = old_context_len / low_freq_factor
        high_freq_wavelen = old_context_len / high_freq_factor
        wavelen = 2 * math.pi / inv_freq
        inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
        smooth_factor = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
        smoothed_inv_freq = (1 - smooth_factor) * inv_freq_llama / factor + smooth_factor * inv_freq_llama
        is_medium_freq = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
        return torch.where(is_medium_freq, smoothed_inv_freq, inv_freq_llama), 1.0
    assert kind == "yarn"
    original = scaling["original_max_position_embeddings"]
    attention_factor = 0.1 * math.log(factor) + 1.0 if factor > 1 else 1.0     # get_mscale(factor)
    beta_fast, beta_slow = 32, 1

    def find_correction_dim(num_rotations):
        return (dim * math.log(original / (num_rotations * 2 * math.pi))) / (2 * math.log(base))

    low = max(math.floor(find_correction_dim(beta_fast)), 0)
    high = min(math.ceil(find_correction_dim(beta_slow)), dim - 1)
    if low == high:
        high += 0.001
    ramp = torch.clamp((torch.arange(dim // 2, dtype=torch.float64) - low) / (high - low), 0, 1)
    pos_freqs = base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    inv_freq_extrapolation, inv_freq_interpolation = 1.0 / pos_freqs, 1.0 / (factor * pos_freqs)
    extrapolation_factor = 1 - ramp
    inv_freq = inv_freq_interpolation * (1 - extrapolation_factor) + inv_freq_extrapolation * extrapolation_factor
    return inv_freq, attention_factor


def rope(x, base, offset, pairs="adjacent", dims=None, scaling=None):
    """The first `dims` dimensions (all when None) rotated, the rest passed through (partial rotary). With
    `scaling`, θ_i and the attention factor on cos and sin are rope_parameters'."""
    r = dims or x.shape[1]
    if scaling is None:
        turn = rope_rotate_half if pairs == "halves" else rope_interleaved
        return torch.cat((turn(x[:, :r], base, offset), x[:, r:]), dim=1)
    inv_freq, factor = rope_parameters(base, r, scaling)
    if pairs == "halves":   # transformers multiplies cos and sin by attention_scaling
        turned = rope_rotate_half(x[:, :r], base, offset, inv_freq=inv_freq) * factor
    else:
        turned = rope_interleaved(x[:, :r], base, offset, theta=inv_freq) * factor
    return torch.cat((turned, x[:, r:]), dim=1)


def get_slopes(n):
    """Verbatim from the ALiBi reference implementation."""
    def get_slopes_power_of_2(n):
        start = (2 ** (-2 ** -(math.log2(n) - 3)))
        ratio = start
        return [start * ratio ** i for i in range(n)]
    if math.log2(n).is_integer():
        return get_slopes_power_of_2(n)
    closest_power_of_2 = 2 ** math.floor(math.log2(n))
    return get_slopes_power_of_2(closest_power_of_2) + get_slopes(2 * closest_power_of_2)[0::2][:n - closest_power_of_2]


def alibi_bias(n, slope, causal):
    i = torch.arange(n, dtype=torch.float64)[:, None]
    j = torch.arange(n, dtype=torch.float64)[None, :]
    return -slope * ((i - j) if causal else (i - j).abs())


def window_keep(n, window, sinks):
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    return (j <= i) & ((j > i - window) | (j < sinks))


def rms_norm(x, weight, eps, offset):
    """Qwen3RMSNorm (weight * normed) or, with offset, Gemma3RMSNorm ((1 + weight) * normed)."""
    variance = x.pow(2).mean(-1, keepdim=True)
    normed = x * torch.rsqrt(variance + eps)
    return normed * ((1.0 + weight) if offset else weight)


def softmax_head(q, k, v, keep, q_rot=None, k_rot=None, bias=None, softcap=None, q_norm=None, k_norm=None,
                 sink=None):
    """One softmax head, every stage, written out as the formulas say."""
    out = {"q": q, "k": k, "v": v}
    if q_norm is not None:
        out["q_norm"], out["k_norm"] = q_norm, k_norm
        q, k = q_norm, k_norm
    if q_rot is not None:
        out["q_rot"], out["k_rot"] = q_rot, k_rot
        q, k = q_rot, k_rot
    out["scores"] = q @ k.T
    out["scaled"] = out["scores"] / math.sqrt(q.shape[1])
    logits = out["scaled"]
    if softcap is not None:
        out["capped"] = logits = softcap * torch.tanh(logits / softcap)
    if bias is not None:
        out["bias"] = bias
        out["biased"] = logits = logits + bias
    if keep is not None:
        out["masked"] = logits = logits.masked_fill(~keep, float("-inf"))
    if sink is None:
        out["weights"] = torch.softmax(logits, dim=-1)
    else:   # gpt-oss: cat([logits, sinks]), minus the row max, softmax, the sink column dropped
        combined = torch.cat([logits, sink.reshape(1, 1).expand(logits.shape[0], 1)], dim=-1)
        combined = combined - combined.max(dim=-1, keepdim=True).values
        probs = torch.softmax(combined, dim=-1)
        out["weights"], out["sink_weight"] = probs[..., :-1], probs[..., -1:]
    out["output"] = out["weights"] @ v
    return out


def linear_head(q, k, v, causal):
    phi_q = torch.nn.functional.elu(q) + 1
    phi_k = torch.nn.functional.elu(k) + 1
    out = {"q": q, "k": k, "v": v, "phi_q": phi_q, "phi_k": phi_k}
    if causal:
        kv = torch.cumsum(phi_k[:, :, None] * v[:, None, :], dim=0)   # (n, d_k, d_v): prefix sums
        z = torch.cumsum(phi_k, dim=0)                                 # (n, d_k)
        num = torch.einsum("nd,nde->ne", phi_q, kv)
        den = (phi_q * z).sum(dim=1, keepdim=True)
        similarity = torch.tril(phi_q @ phi_k.T)
    else:
        out["kv"] = kv = phi_k.T @ v
        out["z"] = z = phi_k.sum(dim=0, keepdim=True)
        num = phi_q @ kv
        den = phi_q @ z.T
        similarity = phi_q @ phi_k.T
    out["output"] = num / den
    out["weights"] = similarity / similarity.sum(dim=1, keepdim=True)
    assert torch.allclose(out["weights"] @ v, out["output"], atol=1e-13)
    return out


def rolling_decode(x, wq, wk, wv, wo, heads, window, sinks):
    """Generation one token at a time through a rolling buffer: the first `sinks` tokens keep their rows,
    and token t >= sinks overwrites row sinks + (t - sinks) % window, the row of token t - window. Written
    as a loop over steps, independently of the keep-mask; checked against it below."""
    n = x.shape[0]
    d_k, d_v = wq.shape[1] // heads, wv.shape[1] // heads
    keys, values, tokens = [], [], []          # row i of the buffer holds token tokens[i]
    steps, outputs = [], []
    for t in range(n):
        q, k, v = x[t] @ wq, x[t] @ wk, x[t] @ wv
        row = t if t < sinks else sinks + (t - sinks) % window
        evicted = tokens[row] if row < len(tokens) else None
        if evicted is None:
            keys.append(k), values.append(v), tokens.append(t)
        else:
            keys[row], values[row], tokens[row] = k, v, t
        visible = [j for j in range(t + 1) if j > t - window or j < sinks]
        assert sorted(tokens) == visible, (t, tokens, visible)   # the buffer holds exactly what t may see
        assert len(tokens) <= sinks + window
        kc, vc = torch.stack(keys), torch.stack(values)
        step_heads, concat = [], []
        for h in range(heads):
            qh, kh, vh = q[h * d_k:(h + 1) * d_k], kc[:, h * d_k:(h + 1) * d_k], vc[:, h * d_v:(h + 1) * d_v]
            scores = kh @ qh
            weights = torch.softmax(scores / math.sqrt(d_k), dim=0)
            out = weights @ vh
            concat.append(out)
            step_heads.append({"k_cache": as_list(kh), "v_cache": as_list(vh), "scores": scores.tolist(),
                               "weights": weights.tolist(), "output": out.tolist()})
        output = torch.cat(concat) @ wo if wo is not None else torch.cat(concat)
        outputs.append(output)
        steps.append({"t": t, "cache_row": row, "evicted": evicted, "cache_tokens": list(tokens),
                      "heads": step_heads, "output": output.tolist()})
    return {"steps": steps, "output": as_list(torch.stack(outputs))}


def run_case(name, n, d_model, heads, d_k, d_v, config, seed):
    """config: flags of `attn run` as a dict: rope_base, rope_offset, alibi, window, sinks, kernel, causal."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d_model, generator=g)
    kv = config.get("kv_heads", heads)
    wq, wk = torch.randn(d_model, heads * d_k, generator=g), torch.randn(d_model, kv * d_k, generator=g)
    wv = torch.randn(d_model, kv * d_v, generator=g)
    wo = torch.randn(heads * d_v, d_model, generator=g) if heads > 1 else None
    q, k, v = x @ wq, x @ wk, x @ wv
    causal = config.get("causal", False) or "window" in config
    keep = torch.tril(torch.ones(n, n, dtype=torch.bool)) if config.get("causal") else None
    if "window" in config:
        w = window_keep(n, config["window"], config.get("sinks", 0))
        keep = w if keep is None else keep & w
    slopes = get_slopes(heads) if config.get("alibi") else None
    if "qk_norm" in config:   # one weight per dimension of a head, shared by the heads, as Qwen3's
        q_weight = 1 + 0.5 * torch.randn(d_k, generator=g)
        k_weight = 1 + 0.5 * torch.randn(d_k, generator=g)
    if config.get("sink_logits"):   # one learned logit per query head, as gpt-oss's `sinks` parameter
        sinks = 0.5 + torch.randn(heads, generator=g)
    if config.get("output_gate"):   # W_g (d_model, heads·d_v)
        wg = torch.randn(d_model, heads * d_v, generator=g)
    head_stages = []
    for h in range(heads):
        g_h = h // (heads // kv)   # the key/value head query head h reads
        qh, kh = q[:, h * d_k:(h + 1) * d_k], k[:, g_h * d_k:(g_h + 1) * d_k]
        vh = v[:, g_h * d_v:(g_h + 1) * d_v]
        if config.get("kernel") == "linear":
            head_stages.append(linear_head(qh, kh, vh, causal))
            continue
        rot = {}
        if "qk_norm" in config:
            norm = config["qk_norm"]
            rot["q_norm"] = rms_norm(qh, q_weight, norm["eps"], norm["offset"])
            rot["k_norm"] = rms_norm(kh, k_weight, norm["eps"], norm["offset"])
        if "rope_base" in config:
            how = (config["rope_base"], config.get("rope_offset", 0), config.get("rope_pairs", "adjacent"),
                   config.get("rope_dims"), config.get("rope_scaling"))
            q_in, k_in = rot.get("q_norm", qh), rot.get("k_norm", kh)
            rot.update({"q_rot": rope(q_in, *how), "k_rot": rope(k_in, *how)})
        bias = alibi_bias(n, slopes[h], causal) if slopes else None
        sink = sinks[h] if config.get("sink_logits") else None
        head_stages.append(softmax_head(qh, kh, vh, keep, bias=bias, softcap=config.get("softcap"), sink=sink,
                                        **rot))
        if config.get("output_gate"):   # Qwen3-Next: attn_output * torch.sigmoid(gate), then o_proj
            stage = head_stages[-1]
            stage["ungated"] = stage["output"]
            stage["gate"] = torch.sigmoid(x @ wg[:, h * d_v:(h + 1) * d_v])
            stage["output"] = stage["ungated"] * stage["gate"]
    concat = torch.cat([s["output"] for s in head_stages], dim=1)
    stages = {"x": x, "q": q, "k": k, "v": v, "output": concat @ wo if wo is not None else concat}
    if wo is not None:
        stages["concat"] = concat
    if "rope_base" in config:
        stages["q_rot"] = torch.cat([s["q_rot"] for s in head_stages], dim=1)
        stages["k_rot"] = torch.cat([s["k_rot"] for s in head_stages], dim=1)
    if "rope_scaling" in config:   # θ_i and the attention factor, as transformers computes them
        thetas, factor = rope_parameters(config["rope_base"], config.get("rope_dims") or d_k, config["rope_scaling"])
        stages_extra = {"thetas": thetas.tolist(), "attention_factor": factor}
    expected = {"config": config, "heads": [{key: as_list(m) for key, m in s.items()} for s in head_stages],
                "stages": {key: as_list(m) for key, m in stages.items()}}
    if "window" in config and not slopes and "rope_base" not in config:
        decode = rolling_decode(x, wq, wk, wv, wo, heads, config["window"], config.get("sinks", 0))
        assert torch.allclose(torch.tensor(decode["output"]), stages["output"], atol=1e-13)
        expected["decode"] = decode
    if "rope_scaling" in config:
        expected.update(stages_extra)
    if slopes:
        expected["slopes"] = slopes
    if keep is not None:
        expected["mask"] = keep.to(torch.int64).tolist()
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    inputs = {"x": x, "wq": wq, "wk": wk, "wv": wv}
    if wo is not None:
        inputs["wo"] = wo
    if "qk_norm" in config:
        inputs["q_norm_weight"], inputs["k_norm_weight"] = q_weight[None, :], k_weight[None, :]
    if config.get("sink_logits"):
        inputs["sink_logits"] = sinks[None, :]
    if config.get("output_gate"):
        inputs["wg"] = wg
    for key, m in inputs.items():
        write_csv(os.path.join(folder, key + ".csv"), m)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def main():
    run_case("rope", 5, 4, 1, 4, 3, {"rope_base": 10000.0}, seed=11)
    run_case("rope_heads_offset", 6, 8, 2, 4, 3, {"rope_base": 100.0, "rope_offset": 3, "causal": True}, seed=12)
    run_case("alibi_causal", 5, 8, 4, 2, 2, {"alibi": True, "causal": True}, seed=13)
    run_case("alibi_three_heads", 5, 6, 3, 2, 2, {"alibi": True}, seed=14)
    run_case("window_sinks", 8, 4, 1, 4, 4, {"window": 3, "sinks": 2}, seed=15)
    run_case("window_heads", 9, 4, 2, 2, 3, {"window": 2, "sinks": 1}, seed=19)
    run_case("window_rope_alibi", 7, 4, 2, 2, 2, {"window": 2, "rope_base": 10000.0, "alibi": True}, seed=16)
    run_case("linear", 6, 5, 1, 4, 3, {"kernel": "linear"}, seed=17)
    run_case("linear_causal_heads", 6, 6, 2, 3, 3, {"kernel": "linear", "causal": True}, seed=18)
    # The two pairings: the same weights give other numbers, equal up to a permutation of the dimensions.
    run_case("rope_halves", 5, 4, 1, 4, 3, {"rope_base": 10000.0, "rope_pairs": "halves"}, seed=20)
    run_case("rope_halves_partial_heads", 6, 6, 2, 6, 3,
             {"rope_base": 100.0, "rope_offset": 2, "rope_pairs": "halves", "rope_dims": 4, "causal": True},
             seed=21)
    run_case("rope_adjacent_partial", 5, 6, 1, 6, 3, {"rope_base": 10000.0, "rope_dims": 2}, seed=22)
    run_case("softcap", 5, 4, 1, 4, 4, {"softcap": 1.5}, seed=23)
    run_case("softcap_alibi_causal", 6, 8, 2, 4, 2, {"softcap": 2.0, "alibi": True, "causal": True}, seed=24)
    run_case("softcap_rope_window", 7, 6, 2, 4, 3,
             {"softcap": 0.75, "rope_base": 10000.0, "rope_pairs": "halves", "window": 3, "sinks": 1}, seed=25)
    # QK-norm (Qwen3: rotate_half RoPE after the norm; Gemma 3 / Qwen3-Next: the (1 + w) form).
    run_case("qk_norm_rope_heads", 6, 8, 2, 4, 3,
             {"qk_norm": {"eps": 1e-6, "offset": False}, "rope_base": 10000.0, "rope_pairs": "halves",
              "causal": True}, seed=26)
    run_case("qk_norm_offset", 5, 6, 1, 4, 4, {"qk_norm": {"eps": 1e-5, "offset": True}, "softcap": 1.0}, seed=27)
    # Learned sinks (gpt-oss): alone, then with GQA, ALiBi, the cap and the causal mask, then with a
    # StreamingLLM window whose first token is kept and halves RoPE.
    run_case("sink_logits", 5, 4, 1, 4, 3, {"sink_logits": True}, seed=28)
    run_case("sink_gqa_alibi_softcap_causal", 6, 8, 4, 2, 2,
             {"sink_logits": True, "kv_heads": 2, "alibi": True, "softcap": 2.0, "causal": True}, seed=29)
    run_case("sink_window_rope", 7, 6, 2, 4, 3,
             {"sink_logits": True, "window": 3, "sinks": 1, "rope_base": 10000.0, "rope_pairs": "halves"},
             seed=30)
    # The output gate (Qwen3-Next): alone on one head, then with GQA, a value width other than d_k,
    # partial halves RoPE, QK-norm, learned sinks and the causal mask.
    run_case("output_gate", 5, 4, 1, 4, 4, {"output_gate": True}, seed=31)
    run_case("output_gate_gqa_rope_sinks", 6, 8, 4, 4, 3,
             {"output_gate": True, "kv_heads": 2, "rope_base": 10000.0, "rope_pairs": "halves", "rope_dims": 2,
              "qk_norm": {"eps": 1e-6, "offset": False}, "sink_logits": True, "causal": True}, seed=32)
    # Long-context RoPE: position interpolation from position 10; YaRN with halves on 6 of 8 dimensions,
    # base 100, two heads, causal, from position 40 (past the original 32); Llama 3.1's rule with a pair in
    # each of its three bands, composed with sinks and GQA.
    run_case("rope_linear", 5, 4, 1, 4, 3,
             {"rope_base": 10000.0, "rope_offset": 10, "rope_scaling": {"type": "linear", "factor": 4.0}}, seed=33)
    run_case("rope_yarn_halves_partial", 6, 8, 2, 8, 3,
             {"rope_base": 100.0, "rope_offset": 40, "rope_pairs": "halves", "rope_dims": 6, "causal": True,
              "rope_scaling": {"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32}}, seed=34)
    run_case("rope_yarn_adjacent_partial", 5, 6, 1, 8, 3,
             {"rope_base": 100.0, "rope_dims": 6,
              "rope_scaling": {"type": "yarn", "factor": 8.0, "original_max_position_embeddings": 16}}, seed=35)
    run_case("rope_llama3_sinks_gqa", 6, 8, 4, 8, 2,
             {"rope_base": 10000.0, "rope_offset": 100, "kv_heads": 2, "sink_logits": True, "causal": True,
              "rope_scaling": {"type": "llama3", "factor": 8.0, "original_max_position_embeddings": 128,
                               "low_freq_factor": 1.0, "high_freq_factor": 8.0}}, seed=36)
    with open(os.path.join(HERE, "alibi_slopes.json"), "w") as f:
        json.dump({str(h): get_slopes(h) for h in (1, 2, 3, 4, 5, 6, 7, 8, 12, 16)}, f, indent=1)


if __name__ == "__main__":
    main()
