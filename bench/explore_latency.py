#!/usr/bin/env python3
"""Key press to redrawn screen in `attn explore`, measured through a pseudo-terminal.

Starts attn explore on a 12-token sentence with 4 heads (random weights, d_k 2) in a 100x40 pty, moves
to W_Q, then presses + (nudge 0.1: every later stage recomputes and the screen is redrawn) N times.
For each press it times from write() of the key to the end of the screen update (the first output,
then nothing more for 2 ms, which is not counted; a press with no output in 2 s fails the run). Prints the median, the 90th percentile and the max.

    python3 bench/explore_latency.py build/attn [N] [compare]

With `compare`, compare mode is on (a second 12-token sentence recomputed with every press too).
"""
import os, pty, select, statistics, struct, sys, time, fcntl, termios

attn = sys.argv[1] if len(sys.argv) > 1 else "build/attn"
presses = int(sys.argv[2]) if len(sys.argv) > 2 else 200
compare = len(sys.argv) > 3 and sys.argv[3] == "compare"
sentence = "I ate the apple and she ate a banana with my phone"
second = "I love my apple phone and she ate a banana with my"

pid, fd = pty.fork()
if pid == 0:
    os.environ.update({"TERM": "xterm", "NO_COLOR": "1", "LINES": "40", "COLUMNS": "100"})
    os.execv(attn, [attn, "explore", "-s", sentence, "--seed", "42", "--d-k", "2", "--heads", "4"] +
             (["--compare", second] if compare else []))
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))


seen = []


def drain(quiet, final=False):
    """Reads until nothing arrives for `quiet` seconds; returns the time the last byte arrived."""
    last = None
    while True:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return last
        try:
            seen.append(os.read(fd, 65536))
        except OSError:  # attn exited: expected after q, else show why
            if final:
                return last
            sys.exit("attn explore ended early; it printed:\n" + b"".join(seen)[-2000:].decode(errors="replace"))
        last = time.perf_counter()


drain(0.5)
os.write(fd, b"\t\t\t\t")  # weights -> output -> X -> W_Q -> (W_K): a stage where + edits
drain(0.3)
times = []
for i in range(presses):
    start = time.perf_counter()
    os.write(fd, b"+" if i % 2 == 0 else b"-")
    select.select([fd], [], [], 2.0)  # the first bytes of the redraw, however long they take
    end = drain(0.002)
    times.append((end - start) * 1000)
os.write(fd, b"q")
drain(0.3, final=True)
os.waitpid(pid, 0)
times.sort()
print(f"{len(times)} key presses, 12 tokens, 4 heads{', compare mode' if compare else ''}: median {statistics.median(times):.2f} ms, "
      f"p90 {times[int(0.9 * len(times))]:.2f} ms, max {times[-1]:.2f} ms")
