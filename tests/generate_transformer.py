#!/usr/bin/python3
"""Reference numbers for `attn transformer`: one encoder block from PyTorch in float64.

Run from the repository root with Debian's Python (it has torch):

    /usr/bin/python3 tests/generate_transformer.py

It writes, for every case below,
  tests/fixtures/transformer/<case>.weights.toml  the block's weights in attn's layout (the file
                                                  `attn transformer --weights` reads)
  tests/fixtures/transformer/<case>.json          the input X and every intermediate, from torch
and tests/fixtures/transformer/positional.json (sinusoidal encodings from the paper's formula), and
data/transformer/encoder.toml (the weights of the first case, shipped for learners).

Layout: attn keeps tokens as rows and multiplies on the right (Q = X·W_Q), so every matrix is
(in, out). torch.nn.Linear stores (out, in) and computes x·Wᵀ, so each weight is transposed here.
nn.MultiheadAttention packs W_Q, W_K, W_V into one in_proj_weight (3·d_model, d_model): rows
[0, d) are W_Qᵀ, [d, 2d) W_Kᵀ, [2d, 3d) W_Vᵀ; in_proj_bias is packed the same way.
"""
import json
import math
import os
import tomllib

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "transformer")
torch.set_default_dtype(torch.float64)


def num(v):
    return "%.17g" % v


def rows_text(m, indent="  "):
    return "[\n" + "".join(indent + "[" + ", ".join(num(v) for v in row) + "],\n" for row in m.tolist()) + "]"


def json_matrix(m):
    return "[" + ", ".join("[" + ", ".join(num(v) for v in row) + "]" for row in m.tolist()) + "]"


def json_row(v):
    return "[" + ", ".join(num(x) for x in v.tolist()) + "]"


def apple_embeddings(sentence):
    with open(os.path.join(ROOT, "data", "apple", "vocab.toml"), "rb") as f:
        vocab = tomllib.load(f)
    words = {k.lower(): v for k, v in vocab["words"].items()}
    tokens = sentence.split()
    return tokens, torch.tensor([words[t.lower()] for t in tokens])


def sinusoidal(n, d):
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))."""
    pe = torch.zeros(n, d)
    for pos in range(n):
        for col in range(d):
            angle = pos / (10000.0 ** ((col - col % 2) / d))
            pe[pos, col] = math.sin(angle) if col % 2 == 0 else math.cos(angle)
    return pe


def make_layer(d_model, heads, d_ff, activation, norm_first, seed):
    torch.manual_seed(seed)
    layer = torch.nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=d_ff, dropout=0.0, activation=activation,
                                             batch_first=True, norm_first=norm_first, dtype=torch.float64)
    # torch starts the attention biases at 0 and the norms at γ = 1, β = 0; make them all non-trivial
    # so that the test would notice any of them being ignored or misplaced.
    with torch.no_grad():
        for p in [layer.self_attn.in_proj_bias, layer.self_attn.out_proj.bias, layer.norm1.weight, layer.norm1.bias,
                  layer.norm2.weight, layer.norm2.bias]:
            p.copy_(0.3 * torch.randn(p.shape) + (1.0 if p is layer.norm1.weight or p is layer.norm2.weight else 0.0))
    layer.train()  # dropout is 0; training mode keeps torch off its fused inference path
    return layer


def weights_in_attn_layout(layer):
    d = layer.self_attn.embed_dim
    w, b = layer.self_attn.in_proj_weight.detach(), layer.self_attn.in_proj_bias.detach()
    return {
        "w_q": w[0:d].T, "w_k": w[d:2 * d].T, "w_v": w[2 * d:3 * d].T, "w_o": layer.self_attn.out_proj.weight.detach().T,
        "b_q": b[0:d], "b_k": b[d:2 * d], "b_v": b[2 * d:3 * d], "b_o": layer.self_attn.out_proj.bias.detach(),
        "w_1": layer.linear1.weight.detach().T, "b_1": layer.linear1.bias.detach(),
        "w_2": layer.linear2.weight.detach().T, "b_2": layer.linear2.bias.detach(),
        "gamma_1": layer.norm1.weight.detach(), "beta_1": layer.norm1.bias.detach(),
        "gamma_2": layer.norm2.weight.detach(), "beta_2": layer.norm2.bias.detach(),
    }


WEIGHT_NOTES = {
    "w_q": "W_Q (d_model, d_model): Q = X·W_Q + b_Q; head i uses columns [i·d_k, (i+1)·d_k)",
    "w_k": "W_K (d_model, d_model): K = X·W_K + b_K",
    "w_v": "W_V (d_model, d_model): V = X·W_V + b_V",
    "w_o": "W_O (d_model, d_model): attention = concat(heads)·W_O + b_O",
    "w_1": "W_1 (d_model, d_ff): hidden = norm1·W_1 + b_1",
    "w_2": "W_2 (d_ff, d_model): ffn = activation(hidden)·W_2 + b_2",
    "gamma_1": "layer norm 1: γ (scale) and β (shift), one per dimension",
    "gamma_2": "layer norm 2",
}


def weights_toml(weights, heads, activation, norm_first, header):
    text = header + "heads = %d\nactivation = \"%s\"\nnorm = \"%s\"\nlayer_norm_eps = 1e-05\n" % (
        heads, activation, "pre" if norm_first else "post")
    for key, value in weights.items():
        if key in WEIGHT_NOTES:
            text += "\n# " + WEIGHT_NOTES[key] + "\n"
        text += key + " = " + (rows_text(value) if value.dim() == 2 else json_row(value)) + "\n"
    return text


def intermediates(layer, x, norm_first):
    """Every stage of the block, computed with torch's own modules, then checked against the layer."""
    xb = x.unsqueeze(0)
    s = {}
    attn_in = layer.norm1(xb) if norm_first else xb
    if norm_first:
        s["norm1"] = attn_in
    attention, head_weights = layer.self_attn(attn_in, attn_in, attn_in, need_weights=True, average_attn_weights=False)
    s["attention"] = attention
    s["residual1"] = xb + attention
    if norm_first:
        s["norm2"] = layer.norm2(s["residual1"])
        ffn_in = s["norm2"]
    else:
        s["norm1"] = layer.norm1(s["residual1"])
        ffn_in = s["norm1"]
    s["hidden"] = layer.linear1(ffn_in)
    s["activated"] = layer.activation(s["hidden"])
    s["ffn"] = layer.linear2(s["activated"])
    s["residual2"] = ffn_in + s["ffn"] if not norm_first else s["residual1"] + s["ffn"]
    s["output"] = s["residual2"] if norm_first else layer.norm2(s["residual2"])
    if not norm_first:
        s["norm2"] = s["output"]
    whole = layer(xb)
    assert torch.equal(whole, s["output"]) or torch.allclose(whole, s["output"], rtol=0, atol=1e-15), "stages disagree"
    d = layer.self_attn.embed_dim
    w, b = layer.self_attn.in_proj_weight, layer.self_attn.in_proj_bias
    s["q"] = F.linear(attn_in, w[0:d], b[0:d])
    s["k"] = F.linear(attn_in, w[d:2 * d], b[d:2 * d])
    s["v"] = F.linear(attn_in, w[2 * d:], b[2 * d:])
    return {k: v.detach()[0] for k, v in s.items()}, head_weights.detach()[0]


def write_case(name, tokens, x, heads, d_ff, activation, norm_first, positional, seed):
    d_model = x.shape[1]
    layer = make_layer(d_model, heads, d_ff, activation, norm_first, seed)
    inp = x + sinusoidal(x.shape[0], d_model) if positional else x
    stages, head_weights = intermediates(layer, inp, norm_first)
    weights = weights_in_attn_layout(layer)
    header = "# Reference case '%s' for tests/test_transformer.cpp, written by tests/generate_transformer.py.\n" % name
    with open(os.path.join(OUT, name + ".weights.toml"), "w") as f:
        f.write(weights_toml(weights, heads, activation, norm_first, header))
    parts = ['"tokens": %s' % json.dumps(tokens), '"heads": %d' % heads, '"d_ff": %d' % d_ff,
             '"activation": "%s"' % activation, '"norm": "%s"' % ("pre" if norm_first else "post"),
             '"positional": %s' % ("true" if positional else "false"), '"layer_norm_eps": 1e-05',
             '"embeddings": %s' % json_matrix(x), '"input": %s' % json_matrix(inp),
             '"head_weights": [%s]' % ", ".join(json_matrix(hw) for hw in head_weights)]
    parts += ['"%s": %s' % (k, json_matrix(v)) for k, v in sorted(stages.items())]
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write("{\n  " + ",\n  ".join(parts) + "\n}\n")
    return layer, weights


def main():
    os.makedirs(OUT, exist_ok=True)
    tokens, x = apple_embeddings("I ate the apple")
    _, weights = write_case("apple_post_relu", tokens, x, 2, 12, "relu", False, True, 1)
    tokens, x = apple_embeddings("she ate my apple pie")
    write_case("apple_post_gelu_h3", tokens, x, 3, 8, "gelu", False, False, 2)
    tokens, x = apple_embeddings("I love my apple phone")
    write_case("apple_pre_relu", tokens, x, 2, 12, "relu", True, True, 3)
    torch.manual_seed(4)
    write_case("random_h1_gelu", ["t%d" % i for i in range(5)], torch.randn(5, 4), 1, 6, "gelu", False, False, 5)

    pe = {"n10_d6": sinusoidal(10, 6), "n7_d5": sinusoidal(7, 5), "n50_d16": sinusoidal(50, 16)}
    with open(os.path.join(OUT, "positional.json"), "w") as f:
        f.write("{\n  " + ",\n  ".join('"%s": %s' % (k, json_matrix(v)) for k, v in pe.items()) + "\n}\n")

    os.makedirs(os.path.join(ROOT, "data", "transformer"), exist_ok=True)
    header = ("# One Transformer encoder block for the apple vocabulary (d_model = 6), for `attn transformer --weights`.\n"
              "# The numbers are PyTorch's random initialisation (seed 1) with random biases and layer-norm γ, β:\n"
              "# nothing here is trained. tests/generate_transformer.py wrote this file; with these weights\n"
              "# `attn transformer -s \"I ate the apple\" --positional --weights transformer/encoder.toml` agrees\n"
              "# with torch.nn.TransformerEncoderLayer to 1e-12 (tests/fixtures/transformer/apple_post_relu.json).\n"
              "#\n# Every matrix is (in, out): tokens are rows and multiply on the left (Q = X·W_Q), so these are\n"
              "# the transposes of torch's (out, in) Linear weights. heads, activation and norm are defaults\n"
              "# that --heads, --activation and --norm override.\n\n")
    with open(os.path.join(ROOT, "data", "transformer", "encoder.toml"), "w") as f:
        f.write(weights_toml(weights, 2, "relu", False, header))


if __name__ == "__main__":
    main()
