"""Before any GAN is fitted: can the wrapped estimator take the table's columns at all?

``AugmentedClassifier(LogisticRegression())`` on a frame with a text column used to fit the GAN
(minutes) and only then fail inside the estimator with numpy's "could not convert string to float".
A trial fit on a few rows finds that out in milliseconds and says what to do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone

# Rows per class in the trial fit: enough for most estimators to run, few enough to cost nothing.
_TRIAL_ROWS_PER_CLASS = 5
_TRIAL_MAX_ROWS = 50


def check_estimator_takes(estimator, X, y) -> None:
    """Raise a ValueError with advice when ``estimator`` cannot be fitted on ``X``'s non-numeric columns.

    Only frames with columns that are neither numbers nor booleans are tried: those are where an
    estimator without its own encoding fails, and a trial on few rows could fail for other reasons
    (too few neighbours, too few rows for an inner cross-validation) that are not this check's business.
    """
    if not isinstance(X, pd.DataFrame):
        return
    other = [str(name) for name, dtype in X.dtypes.items()
             if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))]
    if not other:
        return
    rows = _trial_rows(np.asarray(y))
    try:
        clone(estimator).fit(X.iloc[rows], np.asarray(y)[rows])
    except (ValueError, TypeError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(
            f"{type(estimator).__name__} cannot be fitted on this table: columns {other[:5]} are not numbers "
            f"({first_line}). Nothing was trained. Give the estimator an encoder: for instance "
            f"make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown='ignore'), {other[:5]}), "
            f"remainder='passthrough'), {type(estimator).__name__}()) as the estimator, which the synthetic "
            "rows then pass through too."
        ) from error


def _trial_rows(y: np.ndarray) -> np.ndarray:
    """The first few rows of every class (of the first rows for a continuous target)."""
    if y.dtype.kind == "f":
        return np.arange(min(len(y), _TRIAL_MAX_ROWS))
    _, first_of_class = np.unique(y, return_index=True)
    _, inverse = np.unique(y, return_inverse=True)
    picked = np.concatenate([np.flatnonzero(inverse == code)[:_TRIAL_ROWS_PER_CLASS]
                             for code in range(len(first_of_class))])
    return np.sort(picked)[:_TRIAL_MAX_ROWS]
