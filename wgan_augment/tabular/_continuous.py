"""Continuous columns: numbers, many-valued integers, datetimes and timedeltas."""

from collections.abc import Callable

import numpy as np
import pandas as pd

from ._dtypes import dtype_from_json, dtype_to_json
from ._normalizers import NORMALIZERS
from ._quantiles import between_quantiles
from ._state_checks import checked_array
from ._values import float_to_series, observed_resolution, round_to_resolution, series_to_float


class ContinuousColumn:
    """Encode one continuous column as its normaliser's spans plus an optional missing flag.

    When training saw missing values, a ``[observed, missing]`` softmax block follows the
    value spans; a missing cell's value part holds the training median, so it looks like an
    ordinary value to the generator.

    Parameters
    ----------
    dtype : numpy dtype or pandas extension dtype
        The training dtype, restored on decode.
    normalizer : ModeNormalizer or QuantileNormalizer
        The fitted value transform.
    bounds : numpy.ndarray
        The midpoints of the two smallest and of the two largest training values (not the extremes
        themselves, which a model file would then hold; see ``_quantiles``); decoded values are
        clipped to them.
    fill_value : float
        Stand-in encoded for missing cells: the midpoint of the two middle values.
    has_missing : bool
        Whether training saw missing values (and the missing block exists).
    resolution : float, default=0.0
        The grid the training values lie on (see ``observed_resolution``); decoded values are
        rounded to it. 0 means no rounding.
    """

    kind = "continuous"

    def __init__(self, dtype, normalizer, bounds: np.ndarray, fill_value: float, has_missing: bool, resolution=0.0):
        self.resolution = float(resolution)
        self.dtype = dtype
        self.normalizer = normalizer
        self.bounds = np.asarray(bounds, dtype=np.float64)
        self.fill_value = float(fill_value)
        self.has_missing = bool(has_missing)

    @classmethod
    def fit(cls, series: pd.Series, fit_normalizer: Callable, rng: np.random.Generator):
        """Fit on a column with at least one observed value.

        ``fit_normalizer(observed_values, rng)`` returns a fitted normaliser.
        """
        values = series_to_float(series)
        observed = values[~np.isnan(values)]
        low, median, high = between_quantiles(observed, np.array([0.0, 0.5, 1.0]), rng)
        has_missing = len(observed) < len(values)
        normalizer = fit_normalizer(observed, rng)
        resolution = observed_resolution(observed, series.dtype)
        return cls(series.dtype, normalizer, np.array([low, high]), median, has_missing, resolution)

    @property
    def layout(self) -> list[tuple[int, str]]:
        """``(width, activation)`` of each span this column writes."""
        missing_block = [(2, "softmax")] if self.has_missing else []
        return self.normalizer.layout + missing_block

    def encode(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """Encode the column as a float64 block of shape ``(n, width)``."""
        values = series_to_float(series)
        missing = np.isnan(values)
        values[missing] = self.fill_value
        value_block = self.normalizer.encode(values, rng)
        if not self.has_missing:
            return value_block
        missing_block = np.column_stack([~missing, missing]).astype(np.float64)
        return np.hstack([value_block, missing_block])

    def decode(self, block: np.ndarray) -> pd.Series:
        """Decode a ``(n, width)`` block of generator output to a Series of the training dtype."""
        value_width = sum(width for width, _ in self.normalizer.layout)
        # Clipped, then rounded: the bounds, midpoints, need not lie on the values' grid.
        values = round_to_resolution(np.clip(self.normalizer.decode(block[:, :value_width]), *self.bounds),
                                     self.resolution)
        if self.has_missing:
            missing_block = block[:, value_width:]
            values[missing_block[:, 1] > missing_block[:, 0]] = np.nan
        return float_to_series(values, self.dtype)

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """JSON metadata and numeric arrays for saving without pickle."""
        meta = {
            "kind": self.kind,
            "dtype": dtype_to_json(self.dtype),
            "normalizer": self.normalizer.name,
            "has_missing": self.has_missing,
        }
        arrays = {
            "bounds": self.bounds,
            "fill_value": np.array([self.fill_value]),
            "resolution": np.array([self.resolution]),
        }
        return meta, {**arrays, **self.normalizer.to_arrays()}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]):
        """Rebuild from :meth:`to_state`."""
        normalizer = NORMALIZERS[meta["normalizer"]].from_arrays(arrays)
        dtype = dtype_from_json(meta["dtype"])
        bounds = checked_array(arrays, "bounds", length=2, non_decreasing=True)
        fill_value = float(checked_array(arrays, "fill_value", length=1)[0])
        resolution = float(checked_array(arrays, "resolution", length=1, minimum=0.0)[0])
        return cls(dtype, normalizer, bounds, fill_value, meta["has_missing"], resolution)
