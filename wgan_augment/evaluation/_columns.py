"""What every metric needs from a table: column kinds, aligned frames, and one numeric encoding.

Metrics compare a real table with synthetic (and held-out) ones. Each column's kind is read off the
real table and the other tables are coerced to it, so a synthetic table read back from CSV (dates as
text, say) is compared like for like.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from ..images import is_image_stack

NUMERIC, DATETIME, CATEGORICAL = "numeric", "datetime", "categorical"
MISSING = "<missing>"
"""How a missing categorical value is shown: it is a category of its own."""

_NANOSECONDS_PER_DAY = 86_400 * 10**9


def column_kind(column: pd.Series) -> str:
    """``"numeric"`` (numbers but not bools), ``"datetime"`` or ``"categorical"`` (everything else)."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return DATETIME
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return NUMERIC
    return CATEGORICAL


def column_kinds(frame: pd.DataFrame) -> dict:
    return {name: column_kind(frame[name]) for name in frame.columns}


def as_float(column: pd.Series) -> np.ndarray:
    """Numbers, or dates as days since 1970-01-01, with NaN where a value is missing."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        if getattr(column.dt, "tz", None) is not None:
            column = column.dt.tz_localize(None)
        # A fixed unit: pandas 2 and 3 differ in the resolution dates are read with.
        nanoseconds = column.astype("datetime64[ns]").to_numpy().astype("int64").astype(float)
        return np.where(column.isna().to_numpy(), np.nan, nanoseconds / _NANOSECONDS_PER_DAY)
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def as_text(column: pd.Series) -> pd.Series:
    """Category values as strings, missing values as :data:`MISSING`."""
    # Through numpy: pandas' own where/astype chain is four times slower, and this runs per fold.
    text = column.to_numpy(dtype=object).astype(str).astype(object)
    text[column.isna().to_numpy()] = MISSING
    return pd.Series(text, index=column.index, name=column.name, dtype=object)


def conform(frame: pd.DataFrame, reference: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame``'s columns in ``reference``'s order, each coerced to the reference column's kind.

    Raises
    ------
    ValueError
        If ``frame`` lacks one of ``reference``'s columns; the message names it and ``name``.
    """
    missing = [column for column in reference.columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} has no column {missing[0]!r}; it needs the real table's columns {list(reference.columns)}."
        )
    conformed = {}
    for column in reference.columns:
        kind, values = column_kind(reference[column]), frame[column]
        if kind == NUMERIC and column_kind(values) != NUMERIC:
            values = pd.to_numeric(values, errors="coerce")
        elif kind == DATETIME and column_kind(values) != DATETIME:
            values = pd.to_datetime(values, errors="coerce", format="mixed")
        conformed[column] = values.reset_index(drop=True)
    return pd.DataFrame(conformed, columns=reference.columns)


def prepare_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers stay, dates become days since 1970, every other column becomes text.

    Stateless, so it can open a scikit-learn pipeline; running it twice changes nothing more.
    """
    prepared = {}
    for column in frame.columns:
        kind = column_kind(frame[column])
        prepared[column] = as_text(frame[column]) if kind == CATEGORICAL else as_float(frame[column])
    return pd.DataFrame(prepared, index=frame.index, columns=frame.columns)


def encoding_steps() -> list:
    """Scikit-learn steps that turn any table into a scaled numeric matrix.

    Numbers and dates: missing values filled with the median (plus a missing-indicator column),
    then standardised. Other columns: one-hot, categories unseen in fit encoded as all zeros.
    """
    # keep_empty_features: an all-missing column (carried through by the augmenter) becomes zeros, quietly.
    imputer = SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)
    numbers = make_pipeline(imputer, StandardScaler())
    categories = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    encode = ColumnTransformer(
        [
            ("numbers", numbers, make_column_selector(dtype_include="number")),
            ("categories", categories, make_column_selector(dtype_exclude="number")),
        ],
        sparse_threshold=0.0,
    )
    return [("prepare", FunctionTransformer(prepare_columns)), ("encode", encode)]


def make_encoder() -> Pipeline:
    """The encoding of :func:`encoding_steps` alone: fit on real rows, then transform any rows."""
    return Pipeline(encoding_steps())


def as_frame(data, target: str | None, name: str) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a 2-D array, or an ``(X, y)`` pair (y becomes column ``target``).

    ``(X, y)`` is what a class-conditional ``WGANAugmenter.sample`` returns, so its output can be
    passed as it is.
    """
    if isinstance(data, tuple):
        if len(data) != 2:
            raise ValueError(f"{name} must be a table or an (X, y) pair, got a tuple of {len(data)} items.")
        features, labels = as_frame(data[0], None, name), np.asarray(data[1])
        if target is None:
            raise ValueError(f"{name} was given as an (X, y) pair: pass target= to name the label column.")
        if len(labels) != len(features):
            raise ValueError(f"{name}: X has {len(features)} rows but y has {len(labels)}.")
        if target in features.columns:
            raise ValueError(f"{name}: X already has a column {target!r}, the name given as target.")
        return features.assign(**{target: labels})
    if isinstance(data, pd.DataFrame):
        return data.reset_index(drop=True)
    array = np.asarray(data)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D table, got an array of shape {array.shape}"
            + ("; for images, pass the real images (3-D or 4-D) as real too." if is_image_stack(array) else ".")
        )
    return pd.DataFrame(array, columns=[f"x{index}" for index in range(array.shape[1])])
