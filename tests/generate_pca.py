#!/usr/bin/python3
"""Reference values for attn's 2-D PCA (math/pca.hpp, what `attn map` draws), computed by NumPy in
float64 through the covariance matrix's eigenvectors, independently of attn's SVD.

Run with Debian's interpreter:  /usr/bin/python3 tests/generate_pca.py
Writes tests/fixtures/pca/expected.json: for each case its "rows" (n, d) and the expected
"coordinates" (n, 2), "axes" (d, 2), "explained" (2) and "mean" (d).

Sign convention (attn's): each axis points where its largest-magnitude entry is positive, the first
such entry on a tie (within 1e-12). Axes the data lacks are zero, with zero explained variance.
"""
import json
import os

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "pca")


def fix_sign(axis):
    largest = 0
    for i in range(1, len(axis)):
        if abs(axis[i]) > abs(axis[largest]) + 1e-12:
            largest = i
    return -axis if axis[largest] < 0 else axis


def pca2(rows):
    rows = np.asarray(rows, dtype=np.float64)
    n, d = rows.shape
    mean = rows.mean(axis=0)
    centred = rows - mean
    scatter = centred.T @ centred  # (d, d): n times the covariance
    values, vectors = np.linalg.eigh(scatter)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    total = values.clip(min=0).sum()
    axes = np.zeros((d, 2))
    explained = np.zeros(2)
    for a in range(min(2, d)):
        if values[a] <= 1e-12 * max(values[0], 0) or total <= 0:
            break
        axes[:, a] = fix_sign(vectors[:, a])
        explained[a] = values[a] / total
    return {"rows": rows.tolist(), "coordinates": (centred @ axes).tolist(), "axes": axes.tolist(),
            "explained": explained.tolist(), "mean": mean.tolist()}


def apple_keys():
    """Keys of "I ate the apple phone" under the shipped weights (data/apple), K = X·W_K."""
    x = np.array([[0, 0, 0, 1, 0, 0.2], [0.9, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 1],
                  [1, 1, 0, 0, 1, 0], [0, 1, 0, 0, 1, 0]])
    w_k = np.array([[1.5, 0, 0], [1.5, 0, 0], [0.8, 0, 1], [0, 1, 0], [-0.8, 0, 0], [-1, 0, 0]])
    return x @ w_k


def main():
    rng = np.random.default_rng(2026)
    cases = {
        "random_6x5": pca2(rng.normal(size=(6, 5))),
        "random_9x3_offset": pca2(rng.normal(size=(9, 3)) * [3.0, 1.0, 0.2] + 5.0),
        "apple_keys": pca2(apple_keys()),
        "on_a_line": pca2([[0.0, 0.0, 0.0], [1.0, 2.0, -2.0], [3.0, 6.0, -6.0]]),
        "one_column": pca2([[1.0], [4.0], [-2.0]]),
        "one_row": pca2([[1.0, 2.0, 3.0]]),
    }
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
