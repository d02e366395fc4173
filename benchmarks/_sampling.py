"""Section 4, sampling: rows per second into a DataFrame, against CTGAN and SDV's GaussianCopula.

Each model learns the same 15-column table (briefly: sampling speed does not depend on how well a
model is trained) and then generates the same number of rows, decoded to a DataFrame.
"""

from __future__ import annotations

import warnings
from functools import partial

from wgan_augment import WGANAugmenter

from ._measure import Figure, SectionResult, best_times
from ._peers import fit_ctgan, fit_gaussian_copula, sample_gaussian_copula
from ._settings import Settings
from ._tables import mixed_table

TARGET_SPEEDUP = 3


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    table = mixed_table(10_000)
    n_rows = settings.sampling_rows
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
    seconds = best_times(contenders, settings.sampling_rounds)
    rates = {name: n_rows / value for name, value in seconds.items()}
    result.say(f"{n_rows:,} rows of a 15-column table, decoded to a DataFrame; best of {settings.sampling_rounds} "
               "round(s), taking turns:")
    result.say("| model | seconds | rows/s |")
    result.say("|---|---|---|")
    for name in contenders:
        result.say(f"| {name} | {seconds[name]:.2f} | {rates[name]:,.0f} |")
    result.figures += [
        Figure("4 sampling", f"rows/s, {n_rows:,} rows", rates["ours"], "rows/s", "CTGAN", rates["CTGAN"],
               higher_is_better=True, min_speedup=TARGET_SPEEDUP),
        Figure("4 sampling", f"rows/s, {n_rows:,} rows", rates["ours"], "rows/s", "GaussianCopula",
               rates["GaussianCopula"], higher_is_better=True, note="reported, no target"),
    ]
    return result


def _quietly(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)
