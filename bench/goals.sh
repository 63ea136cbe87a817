#!/bin/bash
# The fused kernel's performance goals (issue 23), as a benchmark to run on a quiet machine, not a test:
# n = 1024 and 4096, d = 64, 1 thread, float and double, with OpenBLAS's own kernel choice (the variable
# unset) and with OPENBLAS_CORETYPE=Haswell (the streaming kernel must not care); then streaming on 1
# and 2 threads for the parallel efficiency (time at 1 / (2 × time at 2)). Prints each bench's tables
# without the chart: compare streaming's "of peak" with 60%, its times with full's, and the efficiency
# with 85%. On a loaded machine compare the CPU column too: wall times there include waiting.
#   bench/goals.sh [ATTN]     default build/attn
set -uo pipefail
attn=${1:-build/attn}
for core in "" Haswell; do
  for dt in float double; do
    echo "== dtype $dt, OPENBLAS_CORETYPE=${core:-(unset)}, 1 thread"
    if [ -n "$core" ]; then blas=(env OPENBLAS_CORETYPE="$core"); else blas=(env -u OPENBLAS_CORETYPE); fi
    "${blas[@]}" "$attn" bench --methods full,streaming --sizes 1024,4096 --d 64 --dtype "$dt" --threads 1 \
      --repeats 5 | sed '/^slopes of/,$d'
  done
done
for dt in float double; do
  echo "== dtype $dt, streaming on 1 and 2 threads"
  "$attn" bench --methods streaming --sizes 4096 --d 64 --dtype "$dt" --threads 2 --repeats 5 |
    sed -n '/^streaming at n/,/^$/p'
done
