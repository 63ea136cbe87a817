#!/bin/bash
# attn's streaming (fused kernel) and full attention beside PyTorch 2.x's CPU scaled_dot_product_attention,
# same machine, same run, n and thread counts, float and double, d = 64. Needs Python with torch >= 2.
#   bench/perf_vs_torch.sh [ATTN] [SIZES] [THREADS]    defaults: build/attn, 4096,8192, "1 4 16"
# Results (attn-*.json, torch.json, summary.txt) go to $OUT (default /tmp/perf-vs-torch).
# On a machine without attn's Debian libraries, stage the binary with its libraries first (copy the
# non-glibc libraries `ldd build/attn` lists into DIR/lib) and run with LD_LIBRARY_PATH=DIR/lib.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
attn=${1:-build/attn}; sizes=${2:-4096,8192}; threads=${3:-1 4 16}
out=${OUT:-/tmp/perf-vs-torch}; mkdir -p "$out"
{ date -u; nproc; lscpu | grep -E "Model name"; "$attn" --version
  python3 -c "import torch; print('torch', torch.__version__, torch.backends.cpu.get_cpu_capability())"; } \
  > "$out/machine.txt" 2>&1
for t in $threads; do
  for dt in float double; do
    timeout 300 "$attn" bench --methods full,streaming --sizes "$sizes" --d 64 --dtype $dt --repeats 5 \
      --threads "$t" --format json > "$out/attn-$dt-t$t.json" 2>>"$out/errors.txt"
  done
done
timeout 300 python3 "$here/perf_vs_torch.py" time "$sizes" "$threads" > "$out/torch.json" 2>>"$out/errors.txt"
python3 "$here/perf_vs_torch.py" compare "$out" | tee "$out/summary.txt"
cat "$out/machine.txt"
