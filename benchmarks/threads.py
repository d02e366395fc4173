"""Fit time with 1 and 2 torch threads, on an idle machine and on one kept busy, for a small and a large table.

"Busy" means two other CPU-bound processes started by this script (each spins a Python loop) for the
length of the busy measurements. Every fit runs in a fresh interpreter with ``n_threads`` set to the
count, ``n_steps`` generator steps at the defaults otherwise; the figure is the fit's wall time
(start-up included), the best of ``--repeats``. ``--policy`` also times the library's default,
``n_threads="auto"``.

    python -m benchmarks.threads --steps 100 --repeats 2 --policy
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from contextlib import contextmanager

TABLES = {"small": 300, "large": 10_000}

_FIT = """
import json, sys, time, warnings
import numpy as np, torch
threads, rows, steps = {threads!r}, {rows}, {steps}
from sklearn.datasets import make_classification
from wgan_augment import WGANAugmenter
warnings.simplefilter("ignore")
X, y = make_classification(rows, n_features=8, n_informative=5, random_state=0)
start = time.perf_counter()
augmenter = WGANAugmenter(n_steps=steps, n_threads=threads if threads == "auto" else int(threads),
                          random_state=0).fit(X, y)
print(json.dumps({{"seconds": time.perf_counter() - start, "threads_used": augmenter.n_threads_}}))
"""


def fit_seconds(threads, rows: int, steps: int) -> dict:
    code = _FIT.format(threads=threads, rows=rows, steps=steps)
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


@contextmanager
def busy(n_processes: int = 2):
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n_processes)]
    time.sleep(1.0)
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--policy", action="store_true", help="also time n_threads='auto'")
    args = parser.parse_args(argv)
    settings = ["1", "2"] + (["auto"] if args.policy else [])
    rows = []
    for load in ("idle", "busy"):
        with busy() if load == "busy" else _nothing():
            for table, n_rows in TABLES.items():
                for threads in settings:
                    runs = [fit_seconds(threads, n_rows, args.steps) for _ in range(args.repeats)]
                    best = min(runs, key=lambda run: run["seconds"])
                    rows.append((load, table, n_rows, threads, best["threads_used"], best["seconds"]))
                    print(f"  {load} {table} threads={threads}: {best['seconds']:.1f} s", flush=True)
    print(f"\n{args.steps} generator steps at the defaults, best of {args.repeats}; busy: 2 spinning processes")
    print("| machine | table | rows | threads asked | threads used | fit seconds |")
    print("|---|---|---|---|---|---|")
    for load, table, n_rows, threads, used, seconds in rows:
        print(f"| {load} | {table} | {n_rows:,} | {threads} | {used} | {seconds:.1f} |")


@contextmanager
def _nothing():
    yield


if __name__ == "__main__":
    main()
