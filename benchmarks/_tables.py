"""Tables the suite measures on: generated mixed-type tables and small scikit-learn datasets.

Everything is made here or loaded from scikit-learn's bundled files: the suite never downloads data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

LABEL = "label"
"""Name of the class column in the tables that have one."""

_CATEGORY_SIZES = (2, 3, 5, 8, 12)


def mixed_table(n_rows: int, n_continuous: int = 10, n_categorical: int = 5, seed: int = 0) -> pd.DataFrame:
    """A table of correlated continuous columns and categorical columns that depend on them.

    Continuous columns mix shapes the encoders must handle: two-mode normals, skewed (log-normal)
    columns and integers with many values; categorical columns are strings with 2 to 12 values whose
    frequencies follow a latent cluster, so the columns are not independent.
    """
    rng = np.random.default_rng(seed)
    cluster = rng.random(n_rows) < 0.35
    latent = rng.normal(size=(n_rows, 3)) + cluster[:, None] * 1.5
    columns = {}
    for index in range(n_continuous):
        mixing = rng.normal(size=3)
        values = latent @ mixing + rng.normal(scale=0.7, size=n_rows)
        shape = index % 3
        if shape == 1:
            values = np.exp(0.4 * values)
        elif shape == 2:
            values = np.round(50 + 10 * values).astype(np.int64)
        columns[f"num_{index}"] = values
    for index in range(n_categorical):
        size = _CATEGORY_SIZES[index % len(_CATEGORY_SIZES)]
        scores = latent[:, index % 3, None] * np.linspace(-1, 1, size) + rng.gumbel(size=(n_rows, size))
        columns[f"cat_{index}"] = np.array([f"c{index}_{value}" for value in range(size)], dtype=object)[
            scores.argmax(axis=1)
        ]
    return pd.DataFrame(columns)


def narrow_table(n_rows: int, seed: int = 0) -> pd.DataFrame:
    """A 4-column table: 2 continuous columns (two-mode normal, log-normal) and 2 categorical (2 and 3 values).

    The narrow case of the sampling section: with few columns, decoding is cheap and the generator's
    per-batch work is most of a sample, so it shows costs that a wide table hides.
    """
    return mixed_table(n_rows, n_continuous=2, n_categorical=2, seed=seed)


def discrete_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that are not numbers, the ones a peer must be told are categorical."""
    return [column for column in frame.columns if not pd.api.types.is_numeric_dtype(frame[column].dtype)]


def quality_tables(quick: bool) -> dict[str, pd.DataFrame]:
    """Three small tables for time to quality, each with its class (or a binned target) as a text column."""
    wine = load_wine(as_frame=True)
    cancer = load_breast_cancer(as_frame=True)
    diabetes = load_diabetes(as_frame=True, scaled=False)
    tables = {
        "wine": _with_label(wine.data, wine.target.map(lambda code: f"class_{code}")),
        "breast_cancer": _with_label(cancer.data.iloc[:, :10], cancer.target.map({0: "malignant", 1: "benign"})),
        "diabetes": _with_label(diabetes.data.assign(sex=diabetes.data["sex"].map({1.0: "f", 2.0: "m"})),
                                pd.qcut(diabetes.target, 3, labels=["low", "mid", "high"]).astype(str)),
        "mixed": mixed_table(500 if quick else 5_000, n_continuous=6, n_categorical=3, seed=1),
    }
    return tables


def utility_datasets(quick: bool) -> dict[str, tuple[pd.DataFrame, np.ndarray]]:
    """Small classification tasks shipped with scikit-learn: features and integer labels."""
    cancer = load_breast_cancer(as_frame=True)
    wine = load_wine(as_frame=True)
    datasets = {"breast_cancer": (cancer.data, cancer.target.to_numpy())}
    if not quick:
        datasets["wine"] = (wine.data, wine.target.to_numpy())
    return datasets


def _with_label(features: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    return features.assign(**{LABEL: labels.astype(object).to_numpy()}).reset_index(drop=True)
