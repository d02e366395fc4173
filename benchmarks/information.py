"""Do the synthetic rows carry information? Gains against class weights, not only against no augmentation.

For each scarce table of ``_scarce_tables`` and each seed: a stratified training sample, the rest held
out. Logistic regression, a random forest and histogram gradient boosting are trained on

- the real rows alone ("none"), and with ``class_weight="balanced"`` ("reweight": free, and the bar);
- the real rows with SMOTE or random oversampling (imbalanced-learn, after the preprocessor);
- the real rows plus what ``WGANAugmenter().fit_resample`` adds at the library's defaults ("wgan-defaults");
- the real rows plus rows from a generator -- our WGAN at its defaults, ARF, ForestFlow -- under
  each strategy of ``_row_plans.STRATEGIES`` (how many rows per class, the plausibility filter, class
  weights on top). A generator is fitted once per split; the strategies share its draw.

Every (table, classifier) cell gets the mean gain over seeds against "reweight" and against "none",
with a paired 95% t-interval; then, per method: cells won, the worst cell and the fit+sample seconds.
Results are cached in a gzipped JSON Lines file, one line per (table, seed, source, classifier, method), so a
source measured once is not fitted again. Each fit runs in a worker with one torch (and BLAS) thread,
``--jobs`` workers at a time; run on an idle machine.

    python -m benchmarks.information --sources reference wgan --seeds 5 --jobs 2
    ~/.venvs/peers/bin/python -m benchmarks.information --sources arf forestflow --seeds 5   # peers' venv
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ._downstream import CLASSIFIER_NAMES, as_model_input, classifier, classifiers, scores
from ._row_plans import FIRST_SIX, STRATEGIES, plausible_rows, pool_counts, take
from ._row_sources import SOURCES, WGAN_CONFIGS
from ._scarce_tables import TABLES, split

BASELINES = ("none", "reweight")
# The strategies each source's pool is scored with (the pool is sized for them). Peers get the ones
# that make sense without our library's choices; "wgan-variants-near" asks whether nearer variants and
# more rows help. A method two sources both give (the same pool and strategy) counts from the first run.
SOURCE_STRATEGIES = {
    "wgan": FIRST_SIX,
    "wgan-variants": FIRST_SIX,
    "wgan-variants-near": ("balance, filtered", "balance+1x, filtered", "balance+2x, filtered", "balance+2x"),
    "arf": ("balance", "balance, filtered"),
    "forestflow": ("balance", "balance, filtered"),
}
# Compressed (a .gz cache is appended to as gzip members, which read back as one stream): it is committed.
DEFAULT_CACHE = Path("benchmarks/information_results.jsonl.gz")


def measure(table: str, seed: int, source: str) -> list[dict]:
    """Scores of every classifier under every method a source gives, on one split, with one thread."""
    import threadpoolctl
    import torch

    torch.set_num_threads(1)
    with threadpoolctl.threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X_train, X_test, y_train, y_test = split(TABLES[table](), seed)
        if source == "reference":
            methods = _reference_methods(X_train, y_train, seed)
        elif source.partition(":")[0] == "wgan-defaults":
            methods = _default_resample_methods(X_train, y_train, seed, source.partition(":")[2] or "default")
        else:
            try:
                methods = _generated_methods(source, X_train, y_train, seed)
            except Exception as error:  # a peer failing on a split (ARF's truncnorm on a constant leaf) skips it
                if source.startswith("wgan"):
                    raise
                print(f"  {source} failed on {table}, seed {seed}; left out: {type(error).__name__}: {error}")
                return []
        records = []
        X_test_input = as_model_input(X_test)
        for method, (name, model, X_fit, y_fit, seconds) in _fits(methods):
            fitted = model.fit(as_model_input(X_fit), np.asarray(y_fit))
            bacc, auc = scores(fitted, X_test_input, y_test)
            records.append({"table": table, "seed": seed, "source": source, "method": method, "classifier": name,
                            "bacc": bacc, "auc": auc, "seconds": seconds, "n_train": len(y_train),
                            "n_added": len(y_fit) - len(y_train), "threads": 1})
    return records


def _fits(methods: dict):
    for method, fits in methods.items():
        for fit in fits:
            yield method, fit


def _reference_methods(X, y, seed) -> dict:
    from imblearn.over_sampling import SMOTE, RandomOverSampler

    k_neighbors = max(1, min(5, int(np.unique(y, return_counts=True)[1].min()) - 1))
    resamplers = {"SMOTE": SMOTE(k_neighbors=k_neighbors, random_state=seed),
                  "random oversampling": RandomOverSampler(random_state=seed)}
    methods = {"none": [(name, model, X, y, 0.0) for name, model in classifiers(seed).items()],
               "reweight": [(name, model, X, y, 0.0) for name, model in classifiers(seed, balanced=True).items()]}
    for method, resampler in resamplers.items():
        methods[method] = [(name, classifier(name, seed, resampler=resampler), X, y, 0.0)
                           for name in CLASSIFIER_NAMES]
    return methods


def _default_resample_methods(X, y, seed, config: str = "default") -> dict:
    """What ships: ``WGANAugmenter(random_state=seed).fit_resample`` at the library's defaults (or with a
    config's settings changed), timed."""
    from wgan_augment import WGANAugmenter

    start = time.perf_counter()
    X_fit, y_fit = WGANAugmenter(random_state=seed, **WGAN_CONFIGS[config]).fit_resample(X, y)
    seconds = time.perf_counter() - start
    method = "wgan fit_resample (defaults)" if config == "default" else f"wgan fit_resample ({config})"
    return {method: [(name, model, X_fit, y_fit, seconds) for name, model in classifiers(seed).items()]}


def _generated_methods(source: str, X, y, seed) -> dict:
    """Real rows plus each of the source's pools under each strategy, for each classifier."""
    kind, _, config = source.partition(":")
    classes, counts = np.unique(y, return_counts=True)
    options = {"config": config} if config else {}
    strategies = SOURCE_STRATEGIES[kind]
    pools = SOURCES[kind](X, y, classes, pool_counts(counts, strategies), seed, **options)
    acceptors = [model.fit(as_model_input(X), y) for model in classifiers(seed, balanced=True).values()]
    methods = {}
    for pool_name, (X_pool, y_pool, seconds) in pools.items():
        plausible = plausible_rows(acceptors, as_model_input(X_pool), y_pool, classes)
        for strategy_name in strategies:
            strategy = STRATEGIES[strategy_name]
            X_new, y_new = take(X_pool, y_pool, plausible, classes, counts, strategy)
            X_fit = pd.concat([X, X_new.astype(X.dtypes.to_dict(), errors="ignore")], ignore_index=True)
            y_fit = np.concatenate([y, y_new])
            models = classifiers(seed, balanced=strategy.weighted)
            methods[f"{pool_name}: {strategy_name}"] = [
                (name, model, X_fit, y_fit, seconds) for name, model in models.items()]
    return methods


def _run(tasks: list[tuple], jobs: int, cache: Path) -> None:
    from joblib import Parallel, delayed

    with _open(cache, "at") as sink:
        for records in Parallel(n_jobs=jobs, return_as="generator_unordered")(
                delayed(measure)(*task) for task in tasks):
            sink.write("".join(json.dumps(record) + "\n" for record in records))
            sink.flush()
            if not records:
                continue
            first = records[0]
            print(f"  {first['table']:16s} seed {first['seed']} {first['source']:14s} {first['seconds']:7.1f} s",
                  flush=True)


def _open(cache: Path, mode: str):
    return gzip.open(cache, mode, encoding="utf-8") if cache.suffix == ".gz" else cache.open(mode, encoding="utf-8")


def load(cache: Path) -> pd.DataFrame:
    lines = []
    if cache.exists():
        with _open(cache, "rt") as source:
            lines = source.read().splitlines()
    if not any(lines):
        return pd.DataFrame(columns=["table", "seed", "source", "method", "classifier"])
    records = pd.DataFrame.from_records([json.loads(line) for line in lines if line])
    return records.drop_duplicates(["table", "seed", "method", "classifier"], keep="first")


def paired_cells(records: pd.DataFrame, method: str, against: str) -> pd.DataFrame:
    """Per (table, classifier): mean gain of ``method`` over ``against`` on the same splits, with a 95% t-interval."""
    keys = ["table", "classifier", "seed"]
    mine = records[records["method"] == method].set_index(keys)[["bacc", "auc"]]
    theirs = records[records["method"] == against].set_index(keys)[["bacc", "auc"]]
    difference = (mine - theirs.reindex(mine.index)).dropna()
    rows = []
    for (table, name), group in difference.groupby(level=["table", "classifier"], sort=True):
        row = {"table": table, "classifier": name, "n": len(group)}
        for metric in ("bacc", "auc"):
            values = group[metric].to_numpy()
            half = (stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
                    if len(values) > 1 else np.nan)
            row[metric], row[f"{metric}_half"] = values.mean(), half
        rows.append(row)
    return pd.DataFrame(rows)


def summary(records: pd.DataFrame) -> pd.DataFrame:
    """Per method: mean gain and share of cells won against reweighting, the worst cell against none, time."""
    rows = []
    for method in [m for m in records["method"].unique() if m not in BASELINES]:
        weighted, plain = paired_cells(records, method, "reweight"), paired_cells(records, method, "none")
        if plain.empty or weighted.empty:  # the baselines of these splits are not measured yet
            continue
        worst = plain.loc[plain["bacc"].idxmin()]
        seconds = records[records["method"] == method].groupby(["table", "seed"])["seconds"].first()
        rows.append({
            "method": method, "cells": len(weighted),
            "bacc vs reweight": weighted["bacc"].mean(), "bacc won": (weighted["bacc"] > 0).mean(),
            "auc vs reweight": weighted["auc"].mean(), "auc won": (weighted["auc"] > 0).mean(),
            "bacc vs none": plain["bacc"].mean(), "auc vs none": plain["auc"].mean(),
            "worst bacc vs none": worst["bacc"], "worst cell": f"{worst['table']}/{worst['classifier']}",
            "mean auc": records[records["method"] == method]["auc"].mean(),
            "median s": seconds.median(),
        })
    if not rows:
        return pd.DataFrame({"method": ["(no method with its baselines measured on the same splits)"]})
    return pd.DataFrame(rows).sort_values("bacc vs reweight", ascending=False)


def compare(records: pd.DataFrame, method: str, against: str) -> str:
    """One line: the mean over cells of ``method`` - ``against`` with a 95% interval over cells, by classifier."""
    cells = paired_cells(records, method, against)
    parts = []
    for metric in ("bacc", "auc"):
        values = cells[metric]
        half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
        means = cells.groupby("classifier")[metric].mean()
        by_classifier = ", ".join(f"{name} {value:+.4f}" for name, value in means.items())
        parts.append(f"{metric} {values.mean():+.4f} ± {half:.4f} (won {(values > 0).mean():.0%}, lost "
                     f"{(values < 0).mean():.0%} of {len(values)} cells; {by_classifier})")
    return f"{method} − {against}: " + "; ".join(parts)


def report(records: pd.DataFrame, detail: list[str]) -> str:
    lines = [f"{records['table'].nunique()} tables, seeds {sorted(records['seed'].unique().tolist())}, "
             f"classifiers {', '.join(CLASSIFIER_NAMES)}; one torch/BLAS thread per fit.", ""]
    for method in detail:
        lines.append(f"{method}: gain per cell, mean over seeds with a paired 95% interval")
        weighted, plain = paired_cells(records, method, "reweight"), paired_cells(records, method, "none")
        if weighted.empty or plain.empty:
            lines += ["(its baselines are not measured on the same splits)", ""]
            continue
        table = weighted.merge(plain, on=["table", "classifier", "n"], suffixes=(" vs reweight", " vs none"))
        lines.append("| table | classifier | n | bacc vs reweight | AUC vs reweight | bacc vs none | AUC vs none |")
        lines.append("|---|---|---|---|---|---|---|")
        for _, row in table.iterrows():
            cells = [f"{row[f'{metric} vs {base}']:+.3f} ± {row[f'{metric}_half vs {base}']:.3f}"
                     for base in ("reweight", "none") for metric in ("bacc", "auc")]
            lines.append(f"| {row['table']} | {row['classifier']} | {row['n']} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append("Per method, over cells (won: share of cells whose mean gain is above zero):")
    lines += _markdown(summary(records))
    return "\n".join(lines)


def _markdown(frame: pd.DataFrame) -> list[str]:
    def cell(column, value):
        if column.endswith("won"):
            return f"{value:.0%}"
        if column == "median s":
            return f"{value:.1f}"
        if column == "mean auc":
            return f"{value:.3f}"
        return f"{value:+.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    return lines + ["| " + " | ".join(cell(column, value) for column, value in zip(frame.columns, row)) + " |"
                    for row in frame.itertuples(index=False)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sources = ["reference", *(f"wgan:{name}" if name != "default" else "wgan" for name in WGAN_CONFIGS),
               "wgan-variants", "wgan-variants-near", "wgan-defaults",
               *(f"wgan-defaults:{name}" for name in WGAN_CONFIGS if name != "default"), "arf", "forestflow"]
    parser.add_argument("--sources", nargs="+", default=["reference", "wgan"], choices=sources)
    parser.add_argument("--tables", nargs="+", default=list(TABLES), choices=list(TABLES))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="splits measured at a time, one thread each")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--detail", nargs="*", default=None,
                        help="methods whose per-cell table is printed (default: every method measured)")
    parser.add_argument("--report-only", action="store_true", help="print the report of what is cached")
    parser.add_argument("--compare", nargs=2, action="append", default=[], metavar=("METHOD", "AGAINST"),
                        help="also print the paired difference of two methods over cells (repeatable)")
    args = parser.parse_args(argv)
    cached = load(args.cache)
    done = set(zip(cached["table"], cached["seed"], cached["source"]))
    tasks = [(table, seed, source) for source in args.sources for seed in range(args.seeds)
             for table in args.tables if (table, seed, source) not in done]
    # The largest tables first, so that the last worker is not left alone with a long fit.
    tasks.sort(key=lambda task: (args.sources.index(task[2]), -TABLES[task[0]]().train_rows))
    if not args.report_only:
        print(f"{len(tasks)} splits to measure, {len(done)} cached in {args.cache}", flush=True)
        start = time.perf_counter()
        _run(tasks, args.jobs, args.cache)
        print(f"measured in {time.perf_counter() - start:.0f} s", flush=True)
    records = load(args.cache)
    records = records[records["table"].isin(args.tables) & (records["seed"] < args.seeds)]
    detail = args.detail if args.detail is not None else [m for m in records["method"].unique()
                                                           if m not in BASELINES]
    print(report(records, detail))
    for method, against in args.compare:
        print(compare(records, method, against))


if __name__ == "__main__":
    main()
