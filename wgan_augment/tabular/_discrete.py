"""Discrete columns: strings, objects, categories, bools and few-valued integers.

A category value that fewer than ``MIN_CATEGORY_COUNT`` training rows hold points at those rows (a
rare diagnosis, a one-off town), so text and category values that rare are pooled into one category,
``RARE_MARKER``: the model stores and generates the marker, never the values. Bools and integer codes
are not pooled: a number on a small scale names no one, and a marker would not fit their dtype.
"""

import numpy as np
import pandas as pd

from ._dtypes import dtype_from_json, dtype_to_json
from ._json_values import from_json_value, to_json_value
from ._values import objects_to_series

# k of k-anonymity for category values: 5 is the smallest cell count many statistics offices publish.
MIN_CATEGORY_COUNT = 5
# What a pooled (rare) category is generated as: plainly not a training value, and plainly a placeholder.
RARE_MARKER = "<rare>"


class DiscreteColumn:
    """Encode one discrete column as a single one-hot softmax block.

    A missing value is one more category, placed last, so its rate is learned like any
    other; the first missing marker seen (``None``, NaN, ``pd.NA``...) is the one decoded.

    Parameters
    ----------
    dtype : numpy dtype or pandas extension dtype
        The training dtype, restored on decode.
    categories : list
        The training values in one-hot order, with their original Python/numpy types.
    has_missing : bool
        Whether the last category is the missing marker.
    n_pooled : int, default=0
        How many rare training values were pooled into the ``RARE_MARKER`` category, which is then the
        last observed one; values it does not know are encoded as that category too.
    """

    kind = "discrete"

    def __init__(self, dtype, categories: list, has_missing: bool, n_pooled: int = 0):
        self.dtype = dtype
        # fromiter keeps tuples whole where np.array would unpack them into a second axis.
        self.categories = np.fromiter(categories, dtype=object, count=len(categories))
        self.has_missing = bool(has_missing)
        self.n_pooled = int(n_pooled)

    @classmethod
    def fit(cls, series: pd.Series, min_count: int = 1):
        """Collect the column's categories, sorted when their types allow it.

        Text and category values held by fewer than ``min_count`` rows are pooled into ``RARE_MARKER``
        (1: none are).
        """
        try:
            codes, uniques = pd.factorize(series, sort=True)
        except TypeError:
            codes, uniques = pd.factorize(series, sort=False)
        missing = codes == -1
        counts = np.bincount(codes[~missing], minlength=len(uniques))
        rare = counts < min_count if _can_pool(series.dtype) else np.zeros(len(uniques), dtype=bool)
        categories = [value for value, is_rare in zip(uniques, rare) if not is_rare]
        dtype = series.dtype
        if rare.any():
            categories.append(RARE_MARKER)
            dtype = _pooled_dtype(dtype, categories)
        if missing.any():
            categories.append(series.iloc[np.flatnonzero(missing)[0]])
        return cls(dtype, categories, missing.any(), int(rare.sum()))

    @property
    def layout(self) -> list[tuple[int, str]]:
        """``(width, activation)`` of the one span this column writes."""
        return [(len(self.categories), "softmax")]

    def encode(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """One-hot encode as ``(n, n_categories)``; values unseen in training get a zero row."""
        codes = self._observed_lookup().get_indexer(series.to_numpy(dtype=object))
        if self.n_pooled:
            codes[codes < 0] = len(self.categories) - int(self.has_missing) - 1
        if self.has_missing:
            codes[series.isna().to_numpy()] = len(self.categories) - 1
        block = np.zeros((len(series), len(self.categories)))
        known = np.flatnonzero(codes >= 0)
        block[known, codes[known]] = 1.0
        return block

    def decode(self, block: np.ndarray) -> pd.Series:
        """Decode a ``(n, n_categories)`` block, soft or one-hot, by its argmax."""
        return objects_to_series(self.categories[np.argmax(block, axis=1)], self.dtype)

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """JSON metadata (categories as JSON values) for saving without pickle."""
        meta = {
            "kind": self.kind,
            "dtype": dtype_to_json(self.dtype),
            "categories": [to_json_value(value) for value in self.categories],
            "has_missing": self.has_missing,
            "n_pooled": self.n_pooled,
        }
        return meta, {}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]):
        """Rebuild from :meth:`to_state`."""
        categories = [from_json_value(value) for value in meta["categories"]]
        if not categories:
            raise ValueError("a discrete column has no categories")
        # Files written before rare values were pooled have no "n_pooled": nothing was.
        return cls(dtype_from_json(meta["dtype"]), categories, meta["has_missing"], meta.get("n_pooled", 0))

    def _observed_lookup(self) -> pd.Index:
        """Index of the non-missing categories, for vectorised value -> code lookup."""
        n_observed = len(self.categories) - int(self.has_missing)
        return pd.Index(self.categories[:n_observed], dtype=object)


def rare_value_count(series: pd.Series, min_count: int = MIN_CATEGORY_COUNT) -> int:
    """How many distinct values of a discrete column fewer than ``min_count`` rows hold: those ``fit`` pools."""
    if not _can_pool(series.dtype):
        return 0
    counts = series.value_counts(dropna=True)
    return int(((counts > 0) & (counts < min_count)).sum())  # a categorical dtype lists unseen values at 0


def _can_pool(dtype) -> bool:
    """Whether the marker string is a value of the dtype: text and objects, or categories of text."""
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.api.types.is_string_dtype(dtype.categories.dtype)
    return pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype)


def _pooled_dtype(dtype, kept: list):
    """A categorical dtype holds its categories, so the pooled ones are dropped from it for the marker."""
    if not isinstance(dtype, pd.CategoricalDtype):
        return dtype
    kept_set = set(kept)
    categories = [value for value in dtype.categories if value in kept_set] + [RARE_MARKER]
    return pd.CategoricalDtype(categories, ordered=dtype.ordered)


class ConstantColumn:
    """A column with a single value (or only missing values): no span, refilled on decode.

    Parameters
    ----------
    dtype : numpy dtype or pandas extension dtype
        The training dtype, restored on decode.
    value : object
        The one value (or missing marker) the column held in training.
    """

    kind = "constant"
    layout: list[tuple[int, str]] = []

    def __init__(self, dtype, value):
        self.dtype = dtype
        self.value = value

    @classmethod
    def fit(cls, series: pd.Series):
        """Remember the column's single value."""
        return cls(series.dtype, series.iloc[0])

    def encode(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """An empty ``(n, 0)`` block."""
        return np.zeros((len(series), 0))

    def decode(self, block: np.ndarray) -> pd.Series:
        """The training value repeated for each of the block's rows."""
        values = np.empty(len(block), dtype=object)
        values.fill(self.value)
        return objects_to_series(values, self.dtype)

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """JSON metadata for saving without pickle."""
        meta = {"kind": self.kind, "dtype": dtype_to_json(self.dtype), "value": to_json_value(self.value)}
        return meta, {}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]):
        """Rebuild from :meth:`to_state`."""
        return cls(dtype_from_json(meta["dtype"]), from_json_value(meta["value"]))
