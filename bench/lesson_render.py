#!/usr/bin/python3
"""Time how long each lesson takes to render without a terminal (`attn --no-input lesson N > /dev/null`).

Usage: /usr/bin/python3 bench/lesson_render.py [path/to/attn] [--repeats 7] [--lessons 1,2,5]

Runs each lesson `repeats` times (after one warm-up run) and prints the median, the fastest and the
slowest wall time in milliseconds, and whether the median is within the 50 ms budget. Lesson 12 runs a
live benchmark and is reported but not held to the budget. Machines are shared and noisy: read the
medians.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("attn", nargs="?", default=os.path.join(here, "..", "build", "attn"))
parser.add_argument("--repeats", type=int, default=7)
parser.add_argument("--lessons", default="")
args = parser.parse_args()

lessons = [int(n) for n in args.lessons.split(",")] if args.lessons else list(range(1, 15))
env = dict(os.environ, COLUMNS="80")
print(f"{'lesson':>6} {'median ms':>10} {'min ms':>8} {'max ms':>8}  budget 50 ms")
for n in lessons:
    times = []
    for k in range(args.repeats + 1):
        start = time.perf_counter()
        done = subprocess.run([args.attn, "--no-input", "lesson", str(n)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env)
        elapsed = (time.perf_counter() - start) * 1000
        if done.returncode != 0:
            sys.exit(f"lesson {n} failed: {done.stderr.decode()}")
        if k > 0:
            times.append(elapsed)
    median = statistics.median(times)
    verdict = "live benchmark" if n == 12 else ("ok" if median < 50 else "OVER")
    print(f"{n:>6} {median:>10.1f} {min(times):>8.1f} {max(times):>8.1f}  {verdict}")
