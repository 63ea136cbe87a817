"""PyTorch's CPU attention beside attn's (bench/perf_vs_torch.sh runs both).
  perf_vs_torch.py time SIZES "THREADS"  -> JSON: torch SDPA (fused) and the explicit softmax(QK^T/8)V,
                                            float32 and float64, d = 64, median of 5 after 2 warm-ups
  perf_vs_torch.py compare DIR           -> a table: attn streaming's median / torch SDPA's (goal: <= 1.0)"""
import glob, json, os, statistics, sys, time


def time_torch(sizes, threads):
    import torch
    import torch.nn.functional as F
    results = []
    for t in threads:
        torch.set_num_threads(t)
        for dtype in (torch.float32, torch.float64):
            for n in sizes:
                q, k, v = (torch.randn(1, 1, n, 64, dtype=dtype) for _ in range(3))
                methods = {"sdpa": lambda: F.scaled_dot_product_attention(q, k, v),
                           "explicit": lambda: torch.softmax(q @ k.transpose(-1, -2) / 8.0, -1) @ v}
                for name, f in methods.items():
                    with torch.inference_mode():
                        f(); f()
                        times = []
                        for _ in range(5):
                            t0 = time.perf_counter(); f(); times.append(time.perf_counter() - t0)
                    results.append({"threads": t, "dtype": "float" if dtype == torch.float32 else "double",
                                    "n": n, "method": name, "median_seconds": statistics.median(times)})
    return {"torch": torch.__version__, "results": results}


def compare(folder):
    torch = json.load(open(os.path.join(folder, "torch.json")))["results"]
    sdpa = {(r["threads"], r["dtype"], r["n"]): r["median_seconds"] for r in torch if r["method"] == "sdpa"}
    print(f"{'threads':>7} {'dtype':>6} {'n':>6} {'streaming':>10} {'full':>10} {'torch SDPA':>10} {'stream/SDPA':>11}")
    for path in sorted(glob.glob(os.path.join(folder, "attn-*.json"))):
        t = int(path.rsplit("-t", 1)[1].split(".")[0])
        doc = json.load(open(path))
        dtype = doc["settings"]["precision"]
        rows = {(r["method"], r["n"]): r["median_seconds"] for r in doc["results"]}
        for (method, n), s in sorted(rows.items()):
            if method != "streaming" or (t, dtype, n) not in sdpa:
                continue
            ref = sdpa[(t, dtype, n)]
            full = rows.get(("full", n), float("nan"))
            print(f"{t:>7} {dtype:>6} {n:>6} {s*1e3:>8.2f}ms {full*1e3:>8.2f}ms {ref*1e3:>8.2f}ms {s/ref:>10.2f}x")


if __name__ == "__main__":
    if sys.argv[1] == "time":
        print(json.dumps(time_torch([int(s) for s in sys.argv[2].split(",")],
                                    [int(t) for t in sys.argv[3].split()]), indent=1))
    else:
        compare(sys.argv[2])
