"""The two writers every float64 reference generator here shares (generate_attention.py,
generate_variants.py, generate_mla.py), so that each fixture is written the same way."""
import math


def write_csv(path, m):
    """A matrix (tensor) as CSV, one row a line, every number with repr's round-trip digits."""
    with open(path, "w") as f:
        for row in m.tolist():
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def as_list(t):
    """Matrix as rows; -inf (masked) becomes None, like attn's JSON."""
    return [[None if math.isinf(v) else float(v) for v in row] for row in t.tolist()]
