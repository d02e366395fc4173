"""Real rows and synthetic ones, as DataFrames or arrays alike.

The augmented estimators keep a DataFrame as given (mixed column types included) and an array as an
array; these helpers cut, join and extend either kind the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..tabular import numbers_as_text_like


def head(X, n_rows):
    """The first ``n_rows`` rows of ``X``; None stays None (nothing was drawn)."""
    if X is None:
        return None
    return X.iloc[:n_rows] if isinstance(X, pd.DataFrame) else X[:n_rows]


def concat_rows(parts):
    """The parts one after another, all DataFrames or all arrays."""
    if isinstance(parts[0], pd.DataFrame):
        parts = [parts[0], *(numbers_as_text_like(part, parts[0]) for part in parts[1:])]
        return pd.concat(parts, ignore_index=True)
    return np.concatenate(parts)


def append_rows(X, y, X_syn, y_syn):
    """Real rows followed by synthetic ones; the real rows alone when there are none."""
    if X_syn is None or len(y_syn) == 0:
        return X, y
    if isinstance(X, pd.DataFrame):
        X_syn = X_syn.set_axis(X.columns, axis=1)
        return pd.concat([X, X_syn], ignore_index=True), np.concatenate([y, y_syn])
    return np.concatenate([X, np.asarray(X_syn, dtype=X.dtype)]), np.concatenate([y, y_syn])


def with_target(X, y):
    """``X`` with ``y`` appended as its last column."""
    if isinstance(X, pd.DataFrame):
        table = X.copy()
        table[_target_column_name(X.columns)] = y
        return table
    return np.column_stack([X, y])


def _target_column_name(columns):
    """A new column name of the same kind as the others: scikit-learn refuses mixed str/int names."""
    if all(isinstance(column, str) for column in columns):
        name = "target"
        while name in columns:
            name = f"_{name}"
        return name
    name = len(columns)
    while name in columns:
        name += 1
    return name
