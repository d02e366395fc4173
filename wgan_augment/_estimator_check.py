"""Before any GAN is fitted: can the wrapped estimator take the table's columns at all?

``AugmentedClassifier(LogisticRegression())`` on a frame with a text column used to fit the GAN
(minutes) and only then fail inside the estimator with numpy's "could not convert string to float".
A trial fit on a few rows finds that out in milliseconds and says what to do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone, is_classifier

# Rows per class in the trial fit: enough for most estimators to run, few enough to cost nothing.
_TRIAL_ROWS_PER_CLASS = 5
_TRIAL_MAX_ROWS = 50


def check_estimator_takes(estimator, X, y) -> None:
    """Raise a ValueError with advice when ``estimator`` cannot be fitted on ``X``'s non-numeric columns.

    Only frames with columns that are neither numbers nor booleans are tried, and a failure counts only
    when the same trial without those columns succeeds: a trial on few rows can fail for reasons that
    are not this check's business (too few neighbours, too few rows for an inner cross-validation),
    and those are left to the real fit.
    """
    if not isinstance(X, pd.DataFrame):
        return
    other = [name for name, dtype in X.dtypes.items()
             if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))]
    if not other:
        return
    rows = _trial_rows(np.asarray(y), is_classifier(estimator))
    trial_y = np.asarray(y)[rows]
    try:
        clone(estimator).fit(X.iloc[rows], trial_y)
        return
    except (ValueError, TypeError) as error:
        cause = error
    without = X.iloc[rows].drop(columns=other)
    if without.shape[1]:  # with every column non-numeric, the failure can only be theirs
        try:
            clone(estimator).fit(without, trial_y)
        except Exception:
            return  # it fails without them too: not about the columns
    first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    shown = [str(name) for name in other[:5]]
    raise ValueError(
        f"{type(estimator).__name__} cannot be fitted on this table: columns {shown} are not numbers "
        f"({first_line}). Nothing was trained. Give the estimator an encoder, for instance "
        f"make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown='ignore'), {shown}), "
        "remainder='passthrough'), <your estimator>) as the estimator; the synthetic rows then pass through it too."
    ) from cause


def _trial_rows(y: np.ndarray, by_class: bool) -> np.ndarray:
    """The first few rows of every class for a classifier, else the first rows."""
    if not by_class:
        return np.arange(min(len(y), _TRIAL_MAX_ROWS))
    _, codes = np.unique(y, return_inverse=True)
    order = np.argsort(codes, kind="stable")  # rows grouped by class, in their order within each
    rank_in_class = np.arange(len(y)) - np.searchsorted(codes[order], codes[order])
    picked = order[rank_in_class < _TRIAL_ROWS_PER_CLASS]
    return np.sort(picked)[:_TRIAL_MAX_ROWS]
