"""WGANSynthesizer against SDV's CTGANSynthesizer, inside SDV's own workflow (README, "From SDV").

Run (in the environment with SDV, ``benchmarks/README.md``):

    python -m benchmarks.sdv_peer [--tables penguins cars fair] [--seeds 1] [--ask 500]

For each table (shipped with palmerpenguins, vega_datasets and statsmodels; never ISLP's), the class
column is kept as a column and one class is cut to about 5% of the rows. Both synthesizers get the
same detected SDV metadata and their default settings (CTGAN: 300 epochs; ours: 1,000 steps), with
the class as ``label_column`` for ours. Reported per synthesizer: fit seconds; SDV's quality score
(``evaluate_quality``) of as many synthetic rows as real ones; and ``sample_from_conditions`` for
``--ask`` rows of the 5% class: rows returned / asked, and seconds (CTGAN rejects and retries, 100
tries per batch, SDV's default; a failure counts as 0 rows).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd
import torch

from benchmarks._scarce_tables import TABLES

TABLE = "table"
LABEL = "label"
MINORITY_SHARE = 0.05


def scarce_table(name: str, seed: int) -> tuple[pd.DataFrame, str]:
    """The table with its class as column ``label``, one class cut to 5% of the rows; and that class."""
    table = TABLES[name]()
    frame = table.features.assign(**{LABEL: pd.Series(table.labels).astype(str).to_numpy()})
    frame = frame.sample(n=min(table.train_rows, len(frame)), random_state=seed).reset_index(drop=True)
    counts = frame[LABEL].value_counts()
    minority = counts.index[-1]
    others = frame[frame[LABEL] != minority]
    keep = max(3, round(MINORITY_SHARE * len(others) / (1 - MINORITY_SHARE)))
    rare = frame[frame[LABEL] == minority].head(keep)
    return pd.concat([others, rare]).sample(frac=1, random_state=seed).reset_index(drop=True), minority


def measure(synthesizer, frame: pd.DataFrame, metadata, minority: str, ask: int) -> dict:
    from sdv.evaluation import evaluate_quality
    from sdv.sampling import Condition

    started = time.perf_counter()
    synthesizer.fit({TABLE: frame})
    fit_seconds = time.perf_counter() - started
    synthetic = synthesizer.sample(len(frame))
    quality = evaluate_quality({TABLE: frame}, synthetic, metadata, verbose=False).get_score()
    started = time.perf_counter()
    try:
        rows = len(synthesizer.sample_from_conditions([Condition({LABEL: minority}, num_rows=ask)])[TABLE])
    except ValueError:  # SDV: "Unable to sample any rows for the given conditions"
        rows = 0
    return {"fit_s": fit_seconds, "quality": quality, "returned": rows / ask,
            "conditional_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", nargs="+", default=["penguins", "cars", "fair"])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--ask", type=int, default=500)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    from sdv.metadata import Metadata
    from sdv.single_table import CTGANSynthesizer

    from wgan_augment.sdv import WGANSynthesizer

    print(f"machine: {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads")
    print("| table | rows | 5% class | synthesizer | fit s | quality | minority rows returned / asked | "
          "conditional s |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.tables:
        results = {"CTGANSynthesizer": [], "WGANSynthesizer": []}
        for seed in range(args.seeds):
            frame, minority = scarce_table(name, seed)
            metadata = Metadata.detect_from_dataframes({TABLE: frame})
            metadata.update_column(LABEL, table_name=TABLE, sdtype="categorical")
            for label, synthesizer in (
                    ("CTGANSynthesizer", CTGANSynthesizer(metadata, enable_gpu=False)),
                    ("WGANSynthesizer", WGANSynthesizer(metadata, label_column=LABEL, random_state=seed))):
                torch.manual_seed(seed)
                results[label].append(measure(synthesizer, frame, metadata, minority, args.ask))
        rare = int((frame[LABEL] == minority).sum())
        for label, runs in results.items():
            mean = {key: np.mean([run[key] for run in runs]) for key in runs[0]}
            print(f"| {name} | {len(frame)} | {rare} rows | {label} | {mean['fit_s']:.1f} | {mean['quality']:.3f} | "
                  f"{mean['returned']:.2f} | {mean['conditional_s']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
