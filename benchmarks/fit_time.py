"""Fit time against what the rows are worth: old defaults vs new defaults on scarce tables.

For each table of ``_scarce_tables`` and each seed: a stratified training sample, the rest held out.
Each configuration fits ``WGANAugmenter(**config).fit_resample`` on the training rows (class-balancing
plus 1x extra rows, ``extra_samples=1.0``) and is timed (fit + sample). Then:

- fidelity: mean per-column distance (KS / total variation) and the real-vs-synthetic AUC between the
  training rows and the synthetic rows (labels included as a column);
- utility: balanced accuracy and ROC-AUC on the held-out rows of logistic regression, a random forest
  and gradient boosting trained on the real rows alone and on real + synthetic rows.

Differences are paired by (table, seed). Every fit runs in a worker with ``--threads`` torch (and BLAS)
threads, ``--jobs`` workers at a time; run on an idle machine. Results go to a JSON Lines cache so
that a configuration measured once is not fitted again (``--cache``).

    python benchmarks/fit_time.py --configs old new --seeds 5 --jobs 2
    python benchmarks/fit_time.py --configs new steps300 steps1000 --seeds 5 --jobs 2   # a trade-off curve
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._downstream import as_model_input, classifiers, scores  # noqa: E402
from benchmarks._scarce_tables import TABLES, split  # noqa: E402

# The defaults before issue 14, spelled out so that the comparison survives later changes of defaults.
OLD_DEFAULTS = dict(n_steps=1000, batch_size=256, n_critic=5, generator_dims=(256, 256), critic_dims=(256, 256))

CONFIGS = {
    "old": OLD_DEFAULTS,
    # The same settings again, for timing alone (one fit at a time with both cores: --jobs 1 --threads 2).
    "old_retimed": OLD_DEFAULTS,
    "new": {},  # whatever WGANAugmenter() does now
    # Candidates, each a change from the new defaults: wider networks, the lazy penalty, step budgets.
    "w256": dict(generator_dims=(256, 256), critic_dims=(256, 256)),
    "w256_gp5": dict(generator_dims=(256, 256), critic_dims=(256, 256), gp_interval=5),
    "gp5": dict(gp_interval=5),
    "b256_gp5": dict(batch_size=256, gp_interval=5),
    "b256": dict(batch_size=256),
    "steps1000_gp5": dict(n_steps=1000, gp_interval=5),
    "steps300": dict(n_steps=300),
    "steps500": dict(n_steps=500),
    "steps1000": dict(n_steps=1000),
    # The speed issue's lever: critic steps per generator step, each against the other measured the same day.
    "critic5": dict(n_critic=5),
    "critic2": dict(n_critic=2),
}


def measure(table_name: str, seed: int, config_name: str, threads: int = 1) -> dict:
    """One fit of one configuration on one split, with its fidelity and utility."""
    import threadpoolctl
    import torch

    from wgan_augment import WGANAugmenter
    from wgan_augment.evaluation import column_distances, detection_auc

    torch.set_num_threads(threads)
    with threadpoolctl.threadpool_limits(threads), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X_train, X_test, y_train, y_test = split(TABLES[table_name](), seed)
        augmenter = WGANAugmenter(extra_samples=1.0, random_state=seed, **CONFIGS[config_name])
        start = time.perf_counter()
        X_all, y_all = augmenter.fit_resample(X_train, y_train)
        seconds = time.perf_counter() - start
        X_syn, y_syn = X_all.iloc[len(X_train):], np.asarray(y_all)[len(X_train):]
        real = X_train.assign(_label=y_train.astype(str))
        synthetic = X_syn.reset_index(drop=True).assign(_label=y_syn.astype(str))
        record = {
            "table": table_name, "seed": seed, "config": config_name, "seconds": seconds, "threads": threads,
            "n_steps": augmenter.n_iter_, "batch_size": augmenter.batch_size_,
            "dims": list(getattr(augmenter, "generator_dims_", augmenter.generator_dims)),
            "encoded_width": augmenter.encoder_.output_dim_, "n_train": len(X_train), "n_synthetic": len(X_syn),
            "distance": float(column_distances(real, synthetic)["distance"].mean()),
            "detection_auc": detection_auc(real, synthetic, random_state=seed)["auc"],
        }
        for name, model in classifiers(seed).items():
            for rows, (X_fit, y_fit) in {"real": (X_train, y_train), "augmented": (X_all, y_all)}.items():
                fitted = model.fit(as_model_input(X_fit), np.asarray(y_fit))
                record[f"{name}_{rows}_bacc"], record[f"{name}_{rows}_auc"] = scores(
                    fitted, as_model_input(X_test), y_test)
    return record


def _run(tasks: list[tuple], jobs: int, threads: int, cache: Path) -> None:
    from joblib import Parallel, delayed

    with cache.open("a") as sink:
        for record in Parallel(n_jobs=jobs, return_as="generator_unordered")(
                delayed(measure)(*task, threads) for task in tasks):
            sink.write(json.dumps(record) + "\n")
            sink.flush()
            print(f"  {record['table']:16s} seed {record['seed']} {record['config']:10s} "
                  f"{record['seconds']:6.1f} s", flush=True)


def _load(cache: Path) -> pd.DataFrame:
    if not cache.exists():
        return pd.DataFrame(columns=["table", "seed", "config"])
    return pd.DataFrame.from_records([json.loads(line) for line in cache.read_text().splitlines() if line])


def report(records: pd.DataFrame, configs: list[str], baseline: str) -> str:
    """Per table: seconds, fidelity and utility for each configuration; paired differences from ``baseline``."""
    lines = []
    records = records[records["config"].isin(configs)]
    utility = [column for column in records.columns if column.endswith(("_bacc", "_auc")) and "_augmented_" in column]
    means = records.groupby(["table", "config"])[["seconds", "distance", "detection_auc"]].mean()
    lines.append("Per table, mean over seeds (fit + sample seconds, column distance, real-vs-synthetic AUC):")
    lines.append(means.unstack("config").round(3).to_string())
    lines.append("")
    per_config = records.groupby("config")["seconds"].agg(["median", "max"])
    lines.append("Fit + sample seconds over all (table, seed) runs:")
    lines.append(per_config.round(1).to_string())
    lines.append("")
    real = records[records["config"] == baseline].set_index(["table", "seed"])
    lines.append("Gain from the synthetic rows (augmented − real alone), mean ± sd over (table, seed):")
    for config in configs:
        rows = records[records["config"] == config].set_index(["table", "seed"])
        parts = []
        for column in utility:
            gain = rows[column] - rows[column.replace("_augmented_", "_real_")]
            parts.append(f"{column.replace('_augmented', '')} {gain.mean():+.4f}±{gain.std():.4f}")
        lines.append(f"  {config:10s} " + ", ".join(parts))
    lines.append("")
    lines.append(f"Paired difference from {baseline} (config − {baseline}), mean ± sd over (table, seed), n pairs:")
    for config in configs:
        if config == baseline:
            continue
        rows = records[records["config"] == config].set_index(["table", "seed"])
        paired = rows.join(real.add_suffix("_base"), how="inner")
        parts = [f"n={len(paired)}"]
        for column in [*utility, "distance", "detection_auc"]:
            difference = paired[column] - paired[f"{column}_base"]
            parts.append(f"{column.replace('_augmented', '')} {difference.mean():+.4f}±{difference.std():.4f}")
        lines.append(f"  {config:10s} " + ", ".join(parts))
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", nargs="+", default=["old", "new"], choices=sorted(CONFIGS))
    parser.add_argument("--tables", nargs="+", default=list(TABLES), choices=list(TABLES))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="fits at a time")
    parser.add_argument("--threads", type=int, default=1, help="torch and BLAS threads per fit")
    parser.add_argument("--cache", type=Path, default=Path("benchmarks/fit_time_results.jsonl"))
    parser.add_argument("--refit", nargs="*", default=[], help="configurations to measure again (e.g. new)")
    parser.add_argument("--baseline", default="old")
    args = parser.parse_args(argv)
    cached = _load(args.cache)
    if args.refit and len(cached):
        kept = cached[~cached["config"].isin(args.refit)]
        args.cache.write_text("".join(json.dumps(record) + "\n" for record in kept.to_dict("records")))
        cached = kept
    done = set(zip(cached["table"], cached["seed"], cached["config"]))
    tasks = [(table, seed, config) for config in args.configs for seed in range(args.seeds)
             for table in args.tables if (table, seed, config) not in done]
    # One configuration after another, in the order given; within one, the largest tables first, so
    # that the last worker is not left alone with a long fit.
    tasks.sort(key=lambda task: (args.configs.index(task[2]), -TABLES[task[0]]().train_rows))
    print(f"{len(tasks)} fits to run, {len(done)} cached in {args.cache}", flush=True)
    _run(tasks, args.jobs, args.threads, args.cache)
    records = _load(args.cache)
    records = records[records["table"].isin(args.tables) & (records["seed"] < args.seeds)]
    print(report(records, args.configs, args.baseline))


if __name__ == "__main__":
    main()
