"""Checks at the boundary: turn what a caller passed into a table and labels, or say what is wrong.

Every error names the argument, column or value at fault and is raised before any training starts.
Nothing here modifies the caller's objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils.multiclass import type_of_target

MIN_ROWS = 2
# The most rows or images one call builds in memory. 10**8 rows of 10 float64 columns are 8 GB
# before the DataFrame's copies; asking for more is a typo or a job for write_samples, which streams.
MAX_IN_MEMORY_SAMPLES = 10**8


@dataclass(frozen=True)
class InputFormat:
    """How X arrived, so that ``sample`` can answer in the same form."""

    is_frame: bool
    numpy_dtype: np.dtype | None = None


def as_table(X, name: str = "X") -> tuple[pd.DataFrame, InputFormat]:
    """Validate a 2-D table (DataFrame or array-like) and view it as a DataFrame.

    Numpy arrays become DataFrames with integer column names 0..d-1; the caller's data is not copied
    more than pandas needs to and never written to.
    """
    if sparse.issparse(X):
        raise TypeError(f"{name} is a sparse matrix; sparse input is not supported, pass a dense array or DataFrame.")
    if isinstance(X, pd.DataFrame):
        frame, input_format = X, InputFormat(is_frame=True)
    else:
        array = np.asarray(X)
        _check_array_shape(array, name)
        frame = pd.DataFrame(array)
        if array.dtype == object:
            frame = frame.infer_objects()
        input_format = InputFormat(is_frame=False, numpy_dtype=array.dtype)
    _check_table_shape(frame, name)
    _check_values(frame, name)
    return frame, input_format


def _check_array_shape(array: np.ndarray, name: str) -> None:
    if array.ndim > 4:  # 3-D and 4-D arrays are images (kinds.kind_of) and never reach a table's checks
        raise ValueError(
            f"{name} has shape {array.shape} ({array.ndim}-D), which is neither a table (2-D: rows x columns) nor "
            "a stack of images (3-D: images x height x width, or 4-D with a channel axis)."
        )
    if array.ndim != 2:
        raise ValueError(
            f"Expected a 2-D array for {name}, got {array.ndim}-D with shape {array.shape}. "
            "Reshape your data with X.reshape(-1, 1) for a single feature."
        )
    if np.iscomplexobj(array):
        raise ValueError(f"Complex data not supported in {name}.")


def _check_table_shape(frame: pd.DataFrame, name: str) -> None:
    n_rows, n_columns = frame.shape
    if n_rows < MIN_ROWS:
        raise ValueError(
            f"Found {n_rows} sample(s) in {name}; a generative model needs at least {MIN_ROWS} rows "
            f"(got {n_rows} sample{'s' if n_rows != 1 else ''}: n_samples = {n_rows})."
        )
    if n_columns == 0:
        raise ValueError(
            f"Found array with 0 feature(s) (shape={frame.shape}) while a minimum of 1 is required in {name}."
        )
    if not frame.columns.is_unique:
        duplicated = frame.columns[frame.columns.duplicated()].tolist()
        raise ValueError(f"{name} has duplicated column names: {duplicated}.")


def _check_values(frame: pd.DataFrame, name: str) -> None:
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_complex_dtype(values.dtype):
            raise ValueError(f"Complex data not supported in column {column!r} of {name}.")
        if values.dtype == object:
            _check_hashable(values, column, name)
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            numbers = values.to_numpy(dtype=float, na_value=np.nan)
            if np.isinf(numbers).any():
                position = int(np.flatnonzero(np.isinf(numbers))[0])
                raise ValueError(
                    f"Column {column!r} of {name} holds an infinite value ({numbers[position]}) at row {position}; "
                    "replace or drop infinities before fitting."
                )


def _check_hashable(values: pd.Series, column, name: str) -> None:
    """Categories are looked up by hash: a dict or list in a cell cannot be one."""
    try:
        values.nunique(dropna=False)
    except TypeError as error:
        raise TypeError(
            f"Column {column!r} of {name} holds a value that is neither a string nor a number ({error}); "
            "each cell's argument must be a string or a number."
        ) from None


def as_labels(y, n_rows: int, name: str = "y") -> np.ndarray:
    """Validate class labels for ``n_rows`` rows: 1-D, no missing labels, every class twice or more."""
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels.ravel()
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one label per row), got shape {labels.shape}.")
    if len(labels) != n_rows:
        raise ValueError(f"{name} has {len(labels)} labels but X has {n_rows} rows; they must match.")
    if pd.isna(labels).any():
        position = int(np.flatnonzero(pd.isna(labels))[0])
        raise ValueError(f"{name} has a missing label at position {position}; every row needs a class.")
    _check_not_continuous(labels, name)
    classes, counts = np.unique(labels, return_counts=True)
    if (counts < 2).any():
        lonely = classes[counts < 2].tolist()
        raise ValueError(
            f"Class {lonely[0]!r} of {name} has a single row; a class-conditional model needs at least 2 rows "
            f"per class (classes with one row: {lonely})."
        )
    return labels


def _check_not_continuous(labels: np.ndarray, name: str) -> None:
    """Refuse a regression target, as scikit-learn's classifiers do ("Unknown label type: continuous").

    Float labels that are not whole numbers would each become a class of one or two rows; the model
    for a numeric target is AugmentedRegressor, which learns it as one more column.
    """
    if labels.dtype.kind == "f" and type_of_target(labels, input_name=name) == "continuous":
        examples = ", ".join(f"{value:g}" for value in np.unique(labels)[:3])
        raise ValueError(
            f"Unknown label type: continuous. {name} holds {len(np.unique(labels))} distinct numbers, not all whole "
            f"({examples}, ...), a regression target rather than classes; to augment a table for regression use "
            "wgan_augment.AugmentedRegressor, or fit(X) on the table with the target as a column."
        )


def check_n_samples(n_samples, name: str = "n_samples") -> int:
    """A non-negative whole number of rows."""
    if isinstance(n_samples, (bool, np.bool_)) or not isinstance(n_samples, (int, np.integer)):
        raise TypeError(f"{name} must be a non-negative integer, got {n_samples!r}.")
    if n_samples < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {n_samples}.")
    return int(n_samples)


def check_in_memory_count(n_samples: int, what: str) -> None:
    """Refuse, before any work, more rows than one call should hold in memory (``MAX_IN_MEMORY_SAMPLES``).

    Without the cap numpy fails deep inside with a MemoryError that names neither the argument nor a remedy.
    """
    if n_samples > MAX_IN_MEMORY_SAMPLES:
        raise ValueError(
            f"{what} is {n_samples:,}, more than the {MAX_IN_MEMORY_SAMPLES:,} rows or images one call holds in "
            "memory; sample in smaller calls, or stream rows to a file with wgan_augment.write_samples."
        )


def feature_names_out(known: np.ndarray | None, n_features: int, input_features=None) -> np.ndarray:
    """The column names an estimator that returns its input's columns gives out: ``known`` (the fitted
    ``feature_names_in_``), else ``x0``, ``x1``, ...; ``input_features``, when given, must match them."""
    if input_features is not None:
        # The messages scikit-learn's own get_feature_names_out gives, which its users' code may match.
        given = np.asarray(input_features, dtype=object)
        if known is not None and not np.array_equal(given, known):
            raise ValueError(f"input_features is not equal to feature_names_in_: {list(given)} against "
                             f"{list(known)}")
        if len(given) != n_features:
            raise ValueError(f"input_features should have length equal to number of features "
                             f"({n_features}), got {len(given)}")
        return given
    if known is not None:
        return np.asarray(known, dtype=object)
    return np.array([f"x{i}" for i in range(n_features)], dtype=object)
