"""Section 1, encoding: fit + transform + inverse of the table encoder against CTGAN's DataTransformer."""

from __future__ import annotations

import time
import warnings

import pandas as pd

from wgan_augment.tabular import TableEncoder

from ._measure import Figure, SectionResult
from ._peers import ctgan_data_transformer
from ._settings import Settings
from ._tables import discrete_columns, mixed_table

TARGET_SPEEDUP = 20


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    table = mixed_table(settings.encoding_rows, n_continuous=10, n_categorical=5)
    shape = f"{len(table):,} rows × 10 continuous + 5 categorical"
    contenders = {
        "ours, quantile (default)": lambda: _round_trip_ours(table, "quantile"),
        "ours, mode-specific": lambda: _round_trip_ours(table, "mode"),
        "CTGAN DataTransformer": lambda: _round_trip_ctgan(table),
    }
    # CTGAN's round trip takes a minute at 50,000 rows: one run of it; ours are cheap enough for three.
    rounds = {"CTGAN DataTransformer": 1}
    best = {}
    for round_index in range(3):
        for name, round_trip in contenders.items():
            if round_index < rounds.get(name, 3):
                phases = round_trip()
                if name not in best or sum(phases.values()) < sum(best[name].values()):
                    best[name] = phases
    result.say(f"Table: {shape}. Seconds, best of 3 runs (CTGAN: 1 run):")
    result.say("| encoder | fit | transform | inverse | total |")
    result.say("|---|---|---|---|---|")
    for name, phases in best.items():
        result.say(f"| {name} | {phases['fit']:.2f} | {phases['transform']:.2f} | {phases['inverse']:.2f} | "
                   f"{sum(phases.values()):.2f} |")
    ctgan_total = sum(best["CTGAN DataTransformer"].values())
    result.figures += [
        Figure("1 encoding", f"fit+transform+inverse, {shape}", sum(best["ours, quantile (default)"].values()), "s",
               "CTGAN DataTransformer", ctgan_total, min_speedup=TARGET_SPEEDUP, note="our default encoding"),
        Figure("1 encoding", "same, mode-specific normalisation like CTGAN's",
               sum(best["ours, mode-specific"].values()), "s", "CTGAN DataTransformer", ctgan_total,
               note="reported, no target"),
    ]
    return result


def _round_trip_ours(table: pd.DataFrame, continuous: str) -> dict:
    encoder = TableEncoder(continuous_encoding=continuous, random_state=0)
    return _phases(lambda: encoder.fit(table), lambda: encoder.transform(table), encoder.inverse_transform)


def _round_trip_ctgan(table: pd.DataFrame) -> dict:
    transformer = ctgan_data_transformer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _phases(lambda: transformer.fit(table, discrete_columns(table)), lambda: transformer.transform(table),
                       transformer.inverse_transform)


def _phases(fit, transform, inverse) -> dict:
    started = time.perf_counter()
    fit()
    fitted = time.perf_counter()
    matrix = transform()
    transformed = time.perf_counter()
    inverse(matrix)
    return {"fit": fitted - started, "transform": transformed - fitted, "inverse": time.perf_counter() - transformed}
