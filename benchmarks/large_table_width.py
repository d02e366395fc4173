"""How wide the networks for a table of 1,000 rows and more should be: 128 or 256 units, by column count.

Run:  python benchmarks/large_table_width.py [--seeds 3] [--jobs 2]

For generated mixed tables of 4 to 15 columns (5,000-20,000 rows, from the performance suite's table
maker), fits the default model with 128-wide and 256-wide layers (batches of 256, 1,000 steps, one
torch thread per fit, ``--jobs`` fits at a time), then measures fidelity on up to 5,000 sampled rows
against as many real ones: mean column distance and the real-vs-synthetic AUC (lower is better, 0.5 is
indistinguishable). Prints per table and width the means over seeds, and each seed's AUC. The result
set ``wgan_augment.kinds.NARROW_COLUMNS``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from joblib import Parallel, delayed

from benchmarks._tables import mixed_table
from wgan_augment import WGANAugmenter
from wgan_augment.evaluation.fidelity import column_distances, detection_auc
from wgan_augment.runtime import one_thread

# name -> (rows, continuous columns, categorical columns, seed)
TABLES = {
    "4 columns": (20_000, 2, 2, 0),
    "5 columns": (5_000, 3, 2, 3),
    "8 columns": (10_000, 5, 3, 4),
    "12 columns": (10_000, 8, 4, 5),
    "15 columns": (10_000, 10, 5, 0),
}
WIDTHS = (128, 256)
MAX_COMPARED_ROWS = 5_000


def measure(table_name: str, width: int, seed: int) -> dict:
    n_rows, n_continuous, n_categorical, table_seed = TABLES[table_name]
    with one_thread():
        real = mixed_table(n_rows, n_continuous=n_continuous, n_categorical=n_categorical, seed=table_seed)
        started = time.perf_counter()
        model = WGANAugmenter(generator_dims=(width, width), critic_dims=(width, width), random_state=seed).fit(real)
        fit_seconds = time.perf_counter() - started
        synthetic = model.sample(min(len(real), MAX_COMPARED_ROWS), random_state=seed)
        reference = real.sample(len(synthetic), random_state=seed)
        return {"table": table_name, "width": width, "seed": seed, "fit_seconds": fit_seconds,
                "distance": float(column_distances(reference, synthetic)["distance"].mean()),
                "auc": float(detection_auc(reference, synthetic)["auc"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="fits at a time, one torch thread each")
    args = parser.parse_args()
    jobs = [(table, width, seed) for table in TABLES for seed in range(args.seeds) for width in WIDTHS]
    results = Parallel(n_jobs=args.jobs)(delayed(measure)(*job) for job in jobs)
    print(f"{args.seeds} seeds, {args.jobs} fits at a time, 1 torch thread each; 1,000 steps, batches of 256\n")
    print("| table | rows | width | fit s | column distance | real-vs-synthetic AUC | AUC per seed |")
    print("|---|---|---|---|---|---|---|")
    for table in TABLES:
        for width in WIDTHS:
            runs = [result for result in results if result["table"] == table and result["width"] == width]
            aucs = ", ".join(f"{run['auc']:.3f}" for run in runs)
            print(f"| {table} | {TABLES[table][0]:,} | {width} | {statistics.mean(r['fit_seconds'] for r in runs):.1f} "
                  f"| {statistics.mean(r['distance'] for r in runs):.4f} | "
                  f"{statistics.mean(r['auc'] for r in runs):.3f} | {aucs} |")


if __name__ == "__main__":
    main()
