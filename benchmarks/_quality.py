"""Section 3, time to quality: how long until our model is as faithful as CTGAN with its defaults.

For each table, CTGAN is fitted with its defaults (300 epochs, batch 500) and scored with the
project's own fidelity metrics: the mean per-column distance (KS / total variation) and the AUC of a
classifier telling real rows from synthetic ones (0.5 = indistinguishable). Our model is then fitted
with its defaults and growing step budgets; the first budget at which both metrics are at least as
good as CTGAN's counts, and its fit's wall time is compared with CTGAN's. Both sides are scored on as
many synthetic rows as the table has real ones, averaged over the seeds.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import column_distances, detection_auc

from ._measure import Figure, SectionResult
from ._peers import fit_ctgan
from ._settings import Settings
from ._tables import quality_tables

TARGET_FRACTION = 1 / 5


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    tables = quality_tables(settings.quick)
    if settings.quick:
        tables = {name: tables[name] for name in ("wine", "diabetes", "mixed")}
    result.say(f"Fidelity: mean column distance and real-vs-synthetic AUC (lower is better), mean of "
               f"{settings.quality_seeds} seed(s); time: the fit's wall time, encoding included.")
    result.say("| table | rows × columns | CTGAN (defaults): s, distance, AUC "
               "| ours: steps, s, distance, AUC | ours/CTGAN time |")
    result.say("|---|---|---|---|---|")
    for name, table in tables.items():
        ctgan = _mean([_score_ctgan(table, seed) for seed in range(settings.quality_seeds)])
        reached, tried = _our_time_to(ctgan, table, settings)
        ours = reached or tried[-1]
        ratio = ours["seconds"] / ctgan["seconds"]
        result.say(f"| {name} | {table.shape[0]} × {table.shape[1]} | {_describe(ctgan)} | "
                   f"{ours['steps']} steps, {_describe(ours)}{'' if reached else ' (not reached)'} | {ratio:.3f} |")
        figure = Figure(
            "3 time to quality", f"wall time to CTGAN's default fidelity, {name}", ours["seconds"], "s",
            "CTGAN (defaults)", ctgan["seconds"], min_speedup=1 / TARGET_FRACTION,
            target_text="≤ 1/5 of CTGAN's time",
            note=f"{ours['steps']} steps" if reached else f"not reached in {ours['steps']} steps",
        )
        if not reached:
            figure.met = False
        result.figures.append(figure)
    return result


def _our_time_to(target: dict, table: pd.DataFrame, settings: Settings) -> tuple[dict | None, list[dict]]:
    """Fit with each budget in turn until both metrics are as good as ``target``'s."""
    tried = []
    for n_steps in settings.quality_budgets:
        scores = _mean([_score_ours(table, n_steps, seed) for seed in range(settings.quality_seeds)])
        tried.append({**scores, "steps": n_steps})
        if scores["distance"] <= target["distance"] and scores["auc"] <= target["auc"]:
            return tried[-1], tried
    return None, tried


def _score_ctgan(table: pd.DataFrame, seed: int) -> dict:
    model, seconds, _, _ = fit_ctgan(table, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        synthetic = model.sample(len(table))
    return {"seconds": seconds, **_fidelity(table, synthetic, seed)}


def _score_ours(table: pd.DataFrame, n_steps: int, seed: int) -> dict:
    started = time.perf_counter()
    augmenter = WGANAugmenter(n_steps=n_steps, random_state=seed).fit(table)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, **_fidelity(table, augmenter.sample(len(table), random_state=seed), seed)}


def _fidelity(real: pd.DataFrame, synthetic: pd.DataFrame, seed: int) -> dict:
    synthetic = synthetic[real.columns].astype(real.dtypes.to_dict())
    return {"distance": float(column_distances(real, synthetic)["distance"].mean()),
            "auc": float(detection_auc(real, synthetic, random_state=seed)["auc"])}


def _mean(runs: list[dict]) -> dict:
    return {key: float(np.mean([run[key] for run in runs])) for key in runs[0]}


def _describe(scores: dict) -> str:
    return f"{scores['seconds']:.1f} s, {scores['distance']:.3f}, {scores['auc']:.3f}"
