#!/usr/bin/python3
"""Reference numbers for `attn train`: the loss and its gradients for the tiny attention model, and
optimiser steps, computed by PyTorch autograd / torch.optim in float64.

Run with Debian's interpreter:  /usr/bin/python3 tests/generate_train.py
Writes tests/fixtures/train/reference.json (every number with 17 significant digits). The inputs are
written too, so the C++ test needs no random generator of Python's.
"""
import json
import os

import torch

torch.manual_seed(20240611)
DT = torch.float64


def rand(*shape):
    return (torch.rand(*shape, dtype=DT) * 2 - 1)


def model_loss(x, p, rows, targets):
    """The model of src/math/train_model.hpp, written with torch primitives."""
    q, k, v = x @ p["w_q"], x @ p["w_k"], x @ p["w_v"]
    weights = torch.softmax(q @ k.T / q.shape[1] ** 0.5, dim=1)
    out = weights @ v
    logits = out[rows] @ p["readout"] + p["readout_bias"]
    return torch.nn.functional.cross_entropy(logits, torch.tensor(targets)), weights


def params(d, d_k, d_v, c, scale=1.0):
    return {"w_q": rand(d, d_k) * scale, "w_k": rand(d, d_k) * scale, "w_v": rand(d, d_v) * scale,
            "readout": rand(d_v, c) * scale, "readout_bias": rand(1, c) * scale}


def gradient_case(examples, p):
    """Mean loss over `examples` [(x, rows, targets)] and its gradient for every parameter."""
    leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
    losses, weights = [], []
    for x, rows, targets in examples:
        loss, w = model_loss(x, leaves, rows, targets)
        losses.append(loss)
        weights.append(w.detach())
    mean = torch.stack(losses).mean()
    mean.backward()
    return {
        "examples": [{"x": x.tolist(), "rows": rows, "targets": t} for x, rows, t in examples],
        "params": {k: v.tolist() for k, v in p.items()},
        "loss": mean.item(),
        "attention": [w.tolist() for w in weights],
        "grads": {k: v.grad.tolist() for k, v in leaves.items()},
    }


def optimizer_case(kind, lr, p, grads):
    leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
    names = list(leaves)
    opt = (torch.optim.Adam([leaves[n] for n in names], lr=lr, betas=(0.9, 0.999), eps=1e-8)
           if kind == "adam" else torch.optim.SGD([leaves[n] for n in names], lr=lr))
    after = []
    for g in grads:
        for n in names:
            leaves[n].grad = g[n].clone()
        opt.step()
        after.append({n: leaves[n].detach().tolist() for n in names})
    return {"kind": kind, "lr": lr, "params": {k: v.tolist() for k, v in p.items()},
            "grads": [{k: v.tolist() for k, v in g.items()} for g in grads], "after": after}


def main():
    sense = gradient_case([(rand(4, 6), [2], [1])], params(6, 3, 5, 2, scale=1.5))
    copy = gradient_case([(rand(5, 4), [0, 1, 2, 3, 4], [3, 0, 2, 2, 1])], params(4, 4, 4, 4, scale=1.5))
    batch = gradient_case([(rand(3, 5), [1], [0]), (rand(6, 5), [0, 3], [2, 1])], params(5, 2, 3, 3))
    p = params(3, 2, 2, 2)
    grads = [{k: rand(*v.shape) for k, v in p.items()} for _ in range(3)]
    doc = {"gradients": {"sense": sense, "copy": copy, "batch": batch},
           "optimizers": {"adam": optimizer_case("adam", 0.01, p, grads), "sgd": optimizer_case("sgd", 0.3, p, grads)}}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "train", "reference.json")
    # Every float as 17 significant digits (marked, dumped as a string, then unquoted).
    text = json.dumps(_exact(doc), indent=None).replace('"@', "").replace('@"', "")
    with open(path, "w") as f:
        f.write(text + "\n")
    print("wrote", path)


def _exact(o):
    if isinstance(o, float):
        return "@" + format(o, ".17g") + "@"
    if isinstance(o, list):
        return [_exact(v) for v in o]
    if isinstance(o, dict):
        return {k: _exact(v) for k, v in o.items()}
    return o


if __name__ == "__main__":
    main()
