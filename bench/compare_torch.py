#!/usr/bin/python3
"""Compare `attn bench` with PyTorch's CPU attention on the same machine, in the same run.

Usage: /usr/bin/python3 bench/compare_torch.py [path/to/attn] [--n 4096] [--d 64] [--repeats 7]

For float and double, at n tokens and head size d (default 4096 and 64), it times, each at its best
thread count (1 or 2, or up to the number of cores):
  - attn's full attention (`attn bench --methods full,streaming,gemm --threads T --format json`: full,
    streaming and the floor below in one process, so that their ratios share the machine's load),
  - PyTorch's explicit softmax(Q·Kᵀ/√d)·V (two matmuls and a softmax),
  - PyTorch's fused torch.nn.functional.scaled_dot_product_attention,
  - the two matrix products alone (Q·Kᵀ and P·V) inside attn's own process into buffers allocated once
    (`attn bench --methods gemm`): the machine's real floor, with no allocation or page faults timed,
  - the same two products through torch.matmul and numpy, which allocate fresh outputs on every call,
and prints medians and the ratios torch / attn (above 1: attn is faster) and attn / floor; streaming /
full also in CPU time (all threads), which other processes inflate less than wall time.
It also reports attn's streaming attention at the same n, and its peak memory at n = 32768.
Needs Debian's python3-torch; without it, it says so and exits 0.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("attn", nargs="?", default=os.path.join(here, "..", "build", "attn"))
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--d", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole comparison and print the range of each ratio")
    parser.add_argument("--skip-memory", action="store_true", help="skip the n = 32768 streaming memory run")
    return parser.parse_args()


def median_seconds(call, repeats):
    call()  # warm-up: first-touch page faults, thread pool start-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def attn_bench(attn, methods, n, d, precision, threads, repeats):
    """One attn process timing `methods` (comma-separated) one after the other: {method: result row}."""
    cmd = [attn, "bench", "--methods", methods, "--sizes", str(n), "--d", str(d), "--dtype", precision,
           "--repeats", str(repeats), "--threads", str(threads), "--format", "json"]
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return {row["method"]: row for row in json.loads(result.stdout)["results"]}


def attn_pair(args, precision, threads):
    """full, streaming and gemm, each the mean of its medians in two processes that run full and streaming
    in opposite orders; cpu_seconds likewise."""
    orders = ["full,streaming,gemm", "streaming,full,gemm"]
    runs = [attn_bench(args.attn, order, args.n, args.d, precision, threads, args.repeats) for order in orders]
    return {method: {key: statistics.mean(run[method][key] for run in runs) for key in ("median_seconds", "cpu_seconds")}
            for method in ("full", "streaming", "gemm")}


def fused_attention(torch):
    """torch.nn.functional.scaled_dot_product_attention (torch 2), or its torch 1.13 forerunner."""
    functional = torch.nn.functional
    if hasattr(functional, "scaled_dot_product_attention"):
        return functional.scaled_dot_product_attention
    return lambda q, k, v: functional._scaled_dot_product_attention(q, k, v, need_attn_weights=False)[0]


def torch_times(torch, n, d, dtype, threads, repeats):
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(n, d, dtype=dtype, generator=gen) for _ in range(3))
    scale = 1.0 / d ** 0.5
    p = torch.softmax(q @ k.T * scale, dim=-1)
    sdpa = fused_attention(torch)
    with torch.inference_mode():
        return {
            "explicit": median_seconds(lambda: torch.softmax((q @ k.T) * scale, dim=-1) @ v, repeats),
            "sdpa": median_seconds(lambda: sdpa(q[None], k[None], v[None]), repeats),
            "gemm": median_seconds(lambda: q @ k.T, repeats) + median_seconds(lambda: p @ v, repeats),
        }


NUMPY_GEMMS = """
import statistics, sys, time
import numpy as np
n, d, repeats, dtype = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(0)
q, k, v = (rng.standard_normal((n, d)).astype(dtype) for _ in range(3))
p = np.asfortranarray(rng.random((n, n)).astype(dtype))
def median(call):
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter(); call(); times.append(time.perf_counter() - start)
    return statistics.median(times)
print(median(lambda: q @ k.T) + median(lambda: p @ v))
"""


def numpy_gemm_seconds(n, d, precision, threads, repeats):
    """The two products timed through numpy, which calls the system BLAS (OpenBLAS on Debian)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    dtype = "float32" if precision == "float" else "float64"
    result = subprocess.run([sys.executable, "-c", NUMPY_GEMMS, str(n), str(d), str(repeats), dtype],
                            env=env, check=True, capture_output=True, text=True)
    return float(result.stdout)


def best(values):
    return min(values, key=lambda pair: pair[0])


def compare(torch, args, precision, thread_counts):
    dtype = torch.float32 if precision == "float" else torch.float64
    # full, streaming and the GEMM floor in one process per thread count, seconds apart, twice: once full
    # first, once streaming first, so that a change in the machine's load lands on both alike.
    rows = {t: attn_pair(args, precision, t) for t in thread_counts}
    attn_full = best([(rows[t]["full"]["median_seconds"], t) for t in thread_counts])
    attn_stream = best([(rows[t]["streaming"]["median_seconds"], t) for t in thread_counts])
    floor = best([(rows[t]["gemm"]["median_seconds"], t) for t in thread_counts])
    # CPU seconds (all threads) are inflated less than wall time by other processes: a second opinion.
    cpu_full = min(rows[t]["full"]["cpu_seconds"] for t in thread_counts)
    cpu_stream = min(rows[t]["streaming"]["cpu_seconds"] for t in thread_counts)
    runs = {t: torch_times(torch, args.n, args.d, dtype, t, args.repeats) for t in thread_counts}
    explicit = best([(runs[t]["explicit"], t) for t in thread_counts])
    sdpa = best([(runs[t]["sdpa"], t) for t in thread_counts])
    gemm = best([(runs[t]["gemm"], f"torch, {t}") for t in thread_counts] +
                [(numpy_gemm_seconds(args.n, args.d, precision, t, args.repeats), f"numpy/BLAS, {t}") for t in thread_counts])
    print(f"\n{precision}, n = {args.n}, d = {args.d} (median of {args.repeats}; best thread count in brackets)")
    print(f"  attn full                 {attn_full[0] * 1e3:9.2f} ms  [{attn_full[1]}]")
    print(f"  attn streaming            {attn_stream[0] * 1e3:9.2f} ms  [{attn_stream[1]}]"
          f"   streaming / full = {attn_stream[0] / attn_full[0]:.2f}"
          f"   (CPU time: {cpu_stream * 1e3:.0f} / {cpu_full * 1e3:.0f} ms = {cpu_stream / cpu_full:.2f})")
    print(f"  torch matmul+softmax      {explicit[0] * 1e3:9.2f} ms  [{explicit[1]}]"
          f"   torch / attn = {explicit[0] / attn_full[0]:.2f}")
    print(f"  torch SDPA (fused)        {sdpa[0] * 1e3:9.2f} ms  [{sdpa[1]}]"
          f"   torch / attn = {sdpa[0] / attn_full[0]:.2f}")
    print(f"  GEMM floor (in attn)      {floor[0] * 1e3:9.2f} ms  [{floor[1]}]"
          f"   full / floor = {attn_full[0] / floor[0]:.2f}   streaming / floor = {attn_stream[0] / floor[0]:.2f}"
          f"   ({4.0 * args.n * args.n * args.d / floor[0] / 1e9:.1f} GFLOP/s)")
    print(f"  GEMMs in torch/numpy      {gemm[0] * 1e3:9.2f} ms  [{gemm[1]}]"
          f"   fresh outputs each call: {gemm[0] / floor[0]:.2f}x the floor")
    return {"streaming / full": attn_stream[0] / attn_full[0], "streaming / full, CPU time": cpu_stream / cpu_full,
            "full / floor": attn_full[0] / floor[0],
            "streaming / floor": attn_stream[0] / floor[0], "torch matmul+softmax / attn full": explicit[0] / attn_full[0],
            "torch SDPA / attn full": sdpa[0] / attn_full[0]}


def main():
    args = parse_args()
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed for this interpreter (Debian: apt install python3-torch); nothing compared.")
        return 0
    if not os.access(args.attn, os.X_OK):
        print(f"no attn binary at {args.attn}; build it and pass its path", file=sys.stderr)
        return 2
    cores = os.cpu_count() or 1
    thread_counts = sorted({1, min(2, cores), cores})
    print(f"torch {torch.__version__}, {cores} cores, threads tried: {thread_counts}")
    ratios = {}
    for run in range(args.runs):
        if args.runs > 1:
            print(f"\n=== run {run + 1} of {args.runs} ===")
        for precision in ("float", "double"):
            for name, value in compare(torch, args, precision, thread_counts).items():
                ratios.setdefault((precision, name), []).append(value)
    if args.runs > 1:
        print(f"\nRanges over {args.runs} runs (each run: medians of {args.repeats}):")
        for (precision, name), values in ratios.items():
            print(f"  {precision:<6} {name:<34} {min(values):.2f} - {max(values):.2f}")
    if not args.skip_memory:
        row = attn_bench(args.attn, "streaming", 32768, args.d, "double", thread_counts[-1], 1)["streaming"]
        print(f"\nattn streaming, n = 32768, d = {args.d}, double: {row['median_seconds']:.2f} s,"
              f" peak RSS {row['peak_rss_bytes'] / 2**20:.1f} MiB (the 32768 × 32768 weights alone: 8 GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
