"""``fit_resample``'s output in the containers of its input, as imbalanced-learn's samplers return it.

Lists give lists, a Series a Series of the same name, a one-column DataFrame a DataFrame, and a
one-hot label indicator (a 2-D ``y``, one column per class) a label indicator of the same width.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def labels_and_restore(y) -> tuple[object, Callable]:
    """``y`` as one label per row, and a function that puts labels back into ``y``'s kind of container."""
    if isinstance(y, pd.Series):
        return y, lambda labels: pd.Series(labels, name=y.name, dtype=y.dtype)
    if isinstance(y, pd.DataFrame) and y.shape[1] == 1:
        column = y.columns[0]
        return y.iloc[:, 0], lambda labels: pd.DataFrame({column: pd.Series(labels, dtype=y.dtypes.iloc[0])})
    if isinstance(y, list):
        return y, lambda labels: np.asarray(labels).tolist()
    array = np.asarray(y) if not isinstance(y, pd.DataFrame) else y.to_numpy()
    if array.ndim == 2 and array.shape[1] > 1 and _is_label_indicator(array):
        width, dtype = array.shape[1], array.dtype
        return array.argmax(axis=1), lambda labels: np.eye(width, dtype=dtype)[np.asarray(labels, dtype=int)]
    return y, np.asarray


def rows_like(X, rows):
    """``rows`` as a list when X was one, else as they are."""
    return np.asarray(rows).tolist() if isinstance(X, list) else rows


def _is_label_indicator(array: np.ndarray) -> bool:
    """One 1 per row, zeros elsewhere: classes written one-vs-all."""
    return bool(np.isin(array, (0, 1)).all() and (array.sum(axis=1) == 1).all())
