"""Sizes of the full suite and of its ``--quick`` run."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Settings:
    quick: bool
    encoding_rows: int
    training_rows: int
    training_steps: int          # generator steps timed at equal settings (CTGAN: the nearest whole epochs)
    default_steps: int           # generator steps timed at our defaults (5 critic steps each)
    training_rounds: int         # rounds of turns, the best round counts
    quality_seeds: int
    quality_budgets: tuple       # our n_steps tried, smallest first, until CTGAN's quality is reached
    sampling_rows: int
    sampling_rounds: int
    utility_seeds: int
    utility_train_rows: int
    utility_classifiers: tuple   # names in benchmarks._utility.CLASSIFIERS
    scale_fit_rows: int
    scale_columns: int
    scale_steps: int
    scale_sample_rows: int
    startup_runs: int
    default_fit_rounds: int = 1
    partitioned_rows: int = 2_000_000
    busy_steps: int = 300
    busy_repeats: int = 2
    narrow_sampling_rows: int = 200_000


FULL = Settings(
    quick=False,
    encoding_rows=50_000,
    training_rows=10_000,
    training_steps=500,
    default_steps=200,
    training_rounds=2,
    quality_seeds=2,
    quality_budgets=(10, 20, 40, 80, 160, 320, 640, 1000, 2000),
    sampling_rows=1_000_000,
    sampling_rounds=2,
    utility_seeds=5,
    utility_train_rows=100,
    utility_classifiers=("logistic regression", "random forest"),
    scale_fit_rows=1_000_000,
    scale_columns=30,
    scale_steps=200,
    scale_sample_rows=10_000_000,
    startup_runs=10,
)

# The quick run keeps every section and every figure, at sizes that finish in minutes on two cores.
QUICK = replace(
    FULL,
    quick=True,
    encoding_rows=10_000,
    training_steps=100,
    default_steps=40,
    training_rounds=1,
    quality_seeds=1,
    quality_budgets=(10, 20, 40, 80, 160, 320),
    sampling_rows=200_000,
    sampling_rounds=1,
    utility_seeds=2,
    utility_train_rows=80,
    utility_classifiers=("logistic regression",),
    scale_fit_rows=100_000,
    scale_steps=50,
    scale_sample_rows=1_000_000,
    startup_runs=5,
    partitioned_rows=400_000,
    busy_steps=100,
    busy_repeats=1,
)
