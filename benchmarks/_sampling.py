"""Section 4, sampling: rows per second into a DataFrame, against CTGAN and SDV's GaussianCopula.

Two tables: the 15-column mixed table (10 continuous, 5 categorical columns; 10,000 rows) and a narrow
4-column one (2 continuous, 2 categorical; 20,000 rows, so our model takes its large-table settings).
On a wide table decoding is a large share of a sample; on a narrow one the generator's per-batch work
is nearly all of it, and the generators are the same size on both sides. On each table every model
learns the table briefly (sampling speed does not depend on how well a model is trained) and then
generates the same number of rows, decoded to a DataFrame, the models taking turns.
"""

from __future__ import annotations

import warnings
from functools import partial

from wgan_augment import WGANAugmenter

from ._measure import Figure, SectionResult, best_times
from ._peers import fit_ctgan, fit_gaussian_copula, sample_gaussian_copula
from ._settings import Settings
from ._tables import discrete_columns, mixed_table, narrow_table

TARGET_SPEEDUP = 3

# name in the report -> (table maker, training rows, the setting that says how many rows to sample)
TABLES = {
    "15-column table": (mixed_table, 10_000, "sampling_rows"),
    "4-column table": (narrow_table, 20_000, "narrow_sampling_rows"),  # the speed issue's 200,000 rows
}


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    for name, (make, n_training_rows, rows_setting) in TABLES.items():
        _measure(result, name, make(n_training_rows), getattr(settings, rows_setting), settings.sampling_rounds)
    return result


def _measure(result: SectionResult, table_name: str, table, n_rows: int, rounds: int) -> None:
    ours = WGANAugmenter(n_steps=20, random_state=0).fit(table)
    ctgan, _, _, _ = fit_ctgan(table, epochs=1)
    copula = fit_gaussian_copula(table)
    samplers = {
        "ours": lambda n: ours.sample(n, random_state=0),
        "CTGAN": lambda n: _quietly(ctgan.sample, n),
        "GaussianCopula": lambda n: sample_gaussian_copula(copula, n),
    }
    for sample in samplers.values():
        sample(1_000)  # warm-up: first calls allocate and load code
    contenders = {name: partial(sample, n_rows) for name, sample in samplers.items()}
    seconds = best_times(contenders, rounds)
    rates = {name: n_rows / value for name, value in seconds.items()}
    categorical = len(discrete_columns(table))
    result.say(f"{n_rows:,} rows of a {table_name} ({categorical} categorical columns, fitted on {len(table):,} rows), "
               f"decoded to a DataFrame; best of {rounds} round(s), taking turns:")
    result.say()
    result.say("| model | seconds | rows/s |")
    result.say("|---|---|---|")
    for name in contenders:
        result.say(f"| {name} | {seconds[name]:.2f} | {rates[name]:,.0f} |")
    result.say()
    figure = f"rows/s, {n_rows:,} rows, {table_name}"
    result.figures += [
        Figure("4 sampling", figure, rates["ours"], "rows/s", "CTGAN", rates["CTGAN"],
               higher_is_better=True, min_speedup=TARGET_SPEEDUP),
        Figure("4 sampling", figure, rates["ours"], "rows/s", "GaussianCopula",
               rates["GaussianCopula"], higher_is_better=True, note="reported, no target"),
    ]


def _quietly(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)
