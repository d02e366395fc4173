"""Before any GAN is fitted: can the wrapped estimator take the table's columns, or the images, at all?

``AugmentedClassifier(LogisticRegression())`` on a frame with a text column used to fit the GAN
(minutes) and only then fail inside the estimator with numpy's "could not convert string to float".
A trial fit on a few rows finds that out in milliseconds and says what to do; likewise for an image
stack handed to an estimator that takes rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone, is_classifier

from .._sampler import rank_within_groups
from ..images import is_image_stack

# Rows per class in the trial fit: enough for most estimators to run, few enough to cost nothing.
_TRIAL_ROWS_PER_CLASS = 5
_TRIAL_MAX_ROWS = 50


def check_estimator_takes(estimator, X, y) -> None:
    """Raise a ValueError with advice when ``estimator`` cannot be fitted on ``X``'s non-numeric columns.

    Only frames with columns that are neither numbers nor booleans, and image stacks, are tried, and a
    failure counts only when the same trial without those columns (or on flattened images) succeeds: a
    trial on few rows can fail for reasons that are not this check's business (too few neighbours, too
    few rows for an inner cross-validation), and those are left to the real fit.
    """
    if is_image_stack(X):
        _check_takes_images(estimator, X, y)
        return
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
    shown = [str(name) for name in other[:5]]
    raise ValueError(
        f"{type(estimator).__name__} cannot be fitted on this table: columns {shown} are not numbers "
        f"({_first_line(cause)}). Nothing was trained. Give the estimator an encoder, for instance "
        f"make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown='ignore'), {shown}), "
        "remainder='passthrough'), <your estimator>) as the estimator; the synthetic rows then pass through it too."
    ) from cause


def _check_takes_images(estimator, images, y) -> None:
    """Raise a ValueError with advice when ``estimator`` takes rows but not images, as most do."""
    rows = _trial_rows(np.asarray(y), is_classifier(estimator))
    trial_y = np.asarray(y)[rows]
    try:
        clone(estimator).fit(images[rows], trial_y)
        return
    except (ValueError, TypeError) as error:
        cause = error
    try:
        clone(estimator).fit(images[rows].reshape(len(rows), -1), trial_y)
    except Exception:
        return  # it fails on rows too: not about the images
    raise ValueError(
        f"{type(estimator).__name__} cannot be fitted on images of shape {images.shape[1:]}: it takes rows "
        f"({_first_line(cause)}). Nothing was trained. Give it a flattening step, for instance "
        "make_pipeline(FlattenImages(divide_by=255), <your estimator>) with FlattenImages from wgan_augment.images; "
        "the synthetic images then pass through it too."
    ) from cause


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _trial_rows(y: np.ndarray, by_class: bool) -> np.ndarray:
    """The first few rows of every class for a classifier, else the first rows."""
    if not by_class:
        return np.arange(min(len(y), _TRIAL_MAX_ROWS))
    _, codes = np.unique(y, return_inverse=True)
    return np.flatnonzero(rank_within_groups(codes) < _TRIAL_ROWS_PER_CLASS)[:_TRIAL_MAX_ROWS]
