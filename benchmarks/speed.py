"""Fit time and sampling throughput on a 10,000-row mixed table (the core issue's benchmark).

Run:  python benchmarks/speed.py [--rows 10000] [--steps 1000] [--sample 100000]
Prints the machine, the settings, fit seconds (encoding and training apart) and sampled rows per second.
"""

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd
import torch

from wgan_augment import WGANAugmenter


def mixed_table(n_rows: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Six continuous (two of them int), three categorical, a bool, a date, 5% gaps; two classes."""
    rng = np.random.default_rng(seed)
    cluster = rng.random(n_rows) < 0.3
    base = rng.normal(size=(n_rows, 6)) + cluster[:, None] * 2.0
    table = pd.DataFrame(base[:, :4], columns=[f"x{i}" for i in range(4)])
    table["count"] = np.round(np.exp(base[:, 4] + 2)).astype(np.int64)
    table["age"] = np.clip(np.round(40 + 12 * base[:, 5]), 18, 90).astype(np.int64)
    table["colour"] = rng.choice(["red", "green", "blue", "black"], n_rows)
    table["size"] = pd.Categorical(rng.choice(["S", "M", "L"], n_rows, p=[0.5, 0.3, 0.2]))
    table["tier"] = rng.choice([f"t{i}" for i in range(12)], n_rows)
    table["member"] = rng.random(n_rows) < 0.4
    table["joined"] = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n_rows), unit="D")
    table.loc[rng.random(n_rows) < 0.05, "x3"] = np.nan
    return table, np.where(cluster, "b", "a")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=None, help="generator steps (default: the library default)")
    parser.add_argument("--sample", type=int, default=100_000, help="rows to sample for the throughput figure")
    args = parser.parse_args()

    X, y = mixed_table(args.rows)
    params = {} if args.steps is None else {"n_steps": args.steps}
    augmenter = WGANAugmenter(random_state=0, **params)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, device {'cuda' if torch.cuda.is_available() else 'cpu'}")
    started = time.perf_counter()
    augmenter.fit(X, y)
    fit_seconds = time.perf_counter() - started
    print(f"table: {X.shape[0]} rows x {X.shape[1]} columns, 2 classes; n_steps={augmenter.n_steps_}, "
          f"n_critic={augmenter.n_critic_}, batch_size={augmenter.batch_size} ({augmenter.batch_size_} here), "
          f"generator_dims={augmenter.generator_dims} ({augmenter.generator_dims_} here)")

    encode_started = time.perf_counter()
    augmenter.encoder_.transform(X)
    encode_seconds = time.perf_counter() - encode_started

    augmenter.sample(1000, random_state=0)  # warm-up
    started = time.perf_counter()
    augmenter.sample(args.sample, random_state=0)
    sample_seconds = time.perf_counter() - started

    steps_done = len(augmenter.history_["wasserstein"])
    print(f"fit: {fit_seconds:.1f} s ({steps_done / fit_seconds:.1f} generator steps/s overall; "
          f"re-encoding the table alone takes {encode_seconds:.2f} s)")
    print(f"sample: {args.sample} rows in {sample_seconds:.2f} s = {args.sample / sample_seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
