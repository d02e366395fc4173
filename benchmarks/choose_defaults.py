"""Measure fidelity of candidate default settings on small tables; the defaults were chosen from this.

Run:  python benchmarks/choose_defaults.py [--seeds 2] [--configs base quantile ...] [--tables demo wine]
For each small table and setting, trains on the whole table and compares 1,000 synthetic rows with
the real ones: mean per-column distance (KS / total variation), mean absolute correlation difference,
and a classifier two-sample test AUC (0.5 = indistinguishable). Lower is better for all three.
"""

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import cross_val_score

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import column_distances, correlation_difference

DEMO_CSV = Path(__file__).resolve().parents[1] / "data" / "demo.csv"

# The starting point of the search (n_critic 2, mode-specific normalisation); each setting below
# changes it. The library's defaults are the best of these: "quantile, n_critic=5".
BASE = dict(
    n_steps=1000, batch_size=256, n_critic=2, generator_lr=2e-4, critic_lr=2e-4, betas=(0.5, 0.9),
    continuous_encoding="mode",
)
CONFIGS = {
    "base": {},
    "n_critic=1": dict(n_critic=1),
    "n_critic=5": dict(n_critic=5),
    "paper (n_critic 5, lr 1e-4, betas (0, .9))": dict(n_critic=5, generator_lr=1e-4, critic_lr=1e-4, betas=(0.0, 0.9)),
    "quantile": dict(continuous_encoding="quantile"),
    "quantile, n_critic=5": dict(continuous_encoding="quantile", n_critic=5),
    "n_steps=500": dict(n_steps=500),
    "n_steps=2000": dict(n_steps=2000),
    "batch_size=64": dict(batch_size=64),
    "clip": dict(constraint="clip", n_critic=5, generator_lr=None, critic_lr=None),
}


def tables() -> dict[str, tuple[pd.DataFrame, np.ndarray]]:
    demo = pd.read_csv(DEMO_CSV, parse_dates=["visit_date"])
    wine = load_wine(as_frame=True)
    cancer = load_breast_cancer(as_frame=True)
    rows = np.random.default_rng(0).choice(len(cancer.frame), 150, replace=False)
    return {
        "demo (300x7)": (demo.drop(columns="outcome"), demo["outcome"].to_numpy()),
        "wine (178x13)": (wine.data, wine.target.to_numpy()),
        "breast_cancer (150x10)": (cancer.data.iloc[rows, :10].reset_index(drop=True), cancer.target.to_numpy()[rows]),
    }


def two_sample_auc(real: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    both = pd.concat([real, synthetic], ignore_index=True)
    for column in both.columns:
        if pd.api.types.is_datetime64_any_dtype(both[column].dtype):
            both[column] = both[column].astype("int64")
    features = pd.get_dummies(both, dummy_na=True).astype(float)
    is_real = np.r_[np.ones(len(real)), np.zeros(len(synthetic))]
    model = HistGradientBoostingClassifier(max_iter=100, random_state=0)
    return float(cross_val_score(model, features, is_real, cv=5, scoring="roc_auc").mean())


def evaluate(params: dict, X: pd.DataFrame, y: np.ndarray, seed: int) -> dict:
    started = time.perf_counter()
    augmenter = WGANAugmenter(random_state=seed, **{**BASE, **params}).fit(X, y)
    seconds = time.perf_counter() - started
    synthetic, _ = augmenter.sample(len(X), random_state=seed)
    return {
        "column_distance": column_distances(X, synthetic)["distance"].mean(),
        "correlation_diff": correlation_difference(X, synthetic),
        "c2st_auc": two_sample_auc(X, synthetic),
        "fit_s": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--tables", nargs="*", default=None, help="table names to use (default: all)")
    args = parser.parse_args()
    records = []
    for table_name, (X, y) in tables().items():
        if args.tables and not any(table_name.startswith(name) for name in args.tables):
            continue
        for config_name in args.configs:
            for seed in range(args.seeds):
                result = evaluate(CONFIGS[config_name], X, y, seed)
                records.append({"table": table_name, "setting": config_name, "seed": seed, **result})
                print(records[-1], flush=True)
    results = pd.DataFrame.from_records(records)
    per_table = results.groupby(["setting", "table"])[
        ["column_distance", "correlation_diff", "c2st_auc", "fit_s"]
    ].mean()
    print("\nMean over seeds, per table:")
    print(per_table.round(3).to_string())
    print("\nMean over tables and seeds:")
    print(
        results.groupby("setting")[["column_distance", "correlation_diff", "c2st_auc", "fit_s"]]
        .mean()
        .round(3)
        .to_string()
    )


if __name__ == "__main__":
    main()
