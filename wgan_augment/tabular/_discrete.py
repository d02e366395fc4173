"""Discrete columns: strings, objects, categories, bools and few-valued integers."""

import numpy as np
import pandas as pd

from ._dtypes import dtype_from_json, dtype_to_json
from ._json_values import from_json_value, to_json_value
from ._values import objects_to_series


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
    """

    kind = "discrete"

    def __init__(self, dtype, categories: list, has_missing: bool):
        self.dtype = dtype
        # fromiter keeps tuples whole where np.array would unpack them into a second axis.
        self.categories = np.fromiter(categories, dtype=object, count=len(categories))
        self.has_missing = bool(has_missing)

    @classmethod
    def fit(cls, series: pd.Series):
        """Collect the column's categories, sorted when their types allow it."""
        try:
            codes, uniques = pd.factorize(series, sort=True)
        except TypeError:
            codes, uniques = pd.factorize(series, sort=False)
        categories = list(uniques)
        missing = codes == -1
        if missing.any():
            categories.append(series.iloc[np.flatnonzero(missing)[0]])
        return cls(series.dtype, categories, missing.any())

    @property
    def layout(self) -> list[tuple[int, str]]:
        """``(width, activation)`` of the one span this column writes."""
        return [(len(self.categories), "softmax")]

    def encode(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """One-hot encode as ``(n, n_categories)``; values unseen in training get a zero row."""
        codes = self._observed_lookup().get_indexer(series.to_numpy(dtype=object))
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
        }
        return meta, {}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]):
        """Rebuild from :meth:`to_state`."""
        categories = [from_json_value(value) for value in meta["categories"]]
        if not categories:
            raise ValueError("a discrete column has no categories")
        return cls(dtype_from_json(meta["dtype"]), categories, meta["has_missing"])

    def _observed_lookup(self) -> pd.Index:
        """Index of the non-missing categories, for vectorised value -> code lookup."""
        n_observed = len(self.categories) - int(self.has_missing)
        return pd.Index(self.categories[:n_observed], dtype=object)


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
