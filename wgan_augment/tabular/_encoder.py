"""``TableEncoder``: a mixed-type DataFrame <-> a float32 matrix with activation spans."""

import numbers

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from ._continuous import ContinuousColumn
from ._discrete import ConstantColumn, DiscreteColumn
from ._dtypes import is_time_dtype
from ._json_values import from_json_value, to_json_value
from ._normalizers import NORMALIZERS, ModeNormalizer, QuantileNormalizer
from ._span import Span

# Integer columns with at most this many distinct values are categories (codes, counts,
# ratings); above it they are treated as numbers. Ten keeps 1-10 scales and small counts
# discrete while ages, amounts and IDs get a continuous encoding.
MAX_DISCRETE_INT_VALUES = 10

_STATE_FORMAT = "wgan_augment.tabular.TableEncoder/1"
_COLUMN_TYPES = {column.kind: column for column in (ContinuousColumn, DiscreteColumn, ConstantColumn)}


class TableEncoder(BaseEstimator):
    """Reversible encoding of a mixed-type table as a float32 matrix for a GAN.

    Each column becomes one or more spans of matrix columns, each with the activation a
    generator must apply (``Span.activation``):

    - continuous columns (floats, integers with more than ``MAX_DISCRETE_INT_VALUES``
      distinct values, datetimes, timedeltas): ``continuous="mode"`` writes a ``"tanh"``
      scalar in [-0.99, 0.99] and a ``"softmax"`` mode block; ``continuous="quantile"``
      writes one ``"linear"`` standard-normal score (within about +-5.2). A column with
      missing values in training gets a further ``[observed, missing]`` ``"softmax"`` block.
    - discrete columns (strings, objects, categories, bools, few-valued integers): one
      ``"softmax"`` block, missing values being one more category.
    - constant or all-missing columns: no span; refilled on decode.

    Parameters
    ----------
    continuous : {"mode", "quantile"}, default="mode"
        Encoding of continuous columns: mode-specific normalisation with a Bayesian
        Gaussian mixture, or a quantile transform to a standard normal.
    max_modes : int, default=10
        Most mixture modes per continuous column (``continuous="mode"``).
    mixture_max_rows : int, default=5000
        Most rows, drawn at random, that a column's mixture is fitted on.
    random_state : int, numpy Generator or None, default=None
        Seeds the mixture fits, the subsamples and the mode draws of ``transform``.

    Attributes
    ----------
    spans_ : list of Span
        Contiguous spans covering ``[0, output_dim_)`` in column order.
    output_dim_ : int
        Number of matrix columns.
    column_names_ : list
        Training column names, in order.
    column_encoders_ : list
        One fitted encoder per training column.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"age": [23, 35, 47, 52, 61, 29, 33, 41, 58, 39, 44, 27],
    ...                       "city": list("abcabcabcabc")})
    >>> encoder = TableEncoder(random_state=0).fit(frame)
    >>> matrix = encoder.transform(frame)
    >>> matrix.shape == (12, encoder.output_dim_)
    True
    >>> encoder.inverse_transform(matrix).equals(frame)
    True
    """

    def __init__(self, continuous="mode", max_modes=10, mixture_max_rows=5000, random_state=None):
        self.continuous = continuous
        self.max_modes = max_modes
        self.mixture_max_rows = mixture_max_rows
        self.random_state = random_state

    def fit(self, frame: pd.DataFrame, y=None):
        """Choose and fit an encoding for every column of ``frame``.

        Parameters
        ----------
        frame : pandas.DataFrame
            Non-empty table without infinite values. It is not modified.
        y : None
            Ignored.

        Returns
        -------
        self : TableEncoder
        """
        self._validate_params()
        _check_frame(frame)
        rng = _make_generator(self.random_state)
        self.column_names_ = list(frame.columns)
        self.column_encoders_ = [
            self._fit_column(frame.iloc[:, position], rng) for position in range(frame.shape[1])
        ]
        self._set_spans()
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode ``frame`` as a float32 matrix.

        Mode draws are random but repeatable for an int ``random_state``. Values of a
        discrete column never seen in training are encoded as an all-zero block.

        Parameters
        ----------
        frame : pandas.DataFrame
            Table with the training columns, in the training order.

        Returns
        -------
        numpy.ndarray
            Float32 matrix of shape ``(len(frame), output_dim_)``.
        """
        check_is_fitted(self, "column_encoders_")
        self._check_columns(frame)
        rng = _make_generator(self.random_state)
        matrix = np.empty((len(frame), self.output_dim_), dtype=np.float32)
        for position, (column, (start, stop)) in enumerate(self._column_ranges()):
            matrix[:, start:stop] = column.encode(frame.iloc[:, position], rng)
        return matrix

    def fit_transform(self, frame: pd.DataFrame, y=None) -> np.ndarray:
        """Fit on ``frame``, then encode it; see :meth:`fit` and :meth:`transform`."""
        return self.fit(frame).transform(frame)

    def inverse_transform(self, matrix) -> pd.DataFrame:
        """Decode a matrix, such as generator output, into a table like the training one.

        Softmax blocks may be soft (any scores): each is read by its argmax. Any finite or
        non-finite float is accepted; scalars are clipped to their activation's range and
        decoded values to the training column's ``[min, max]``.

        Parameters
        ----------
        matrix : array-like of shape (n_rows, output_dim_)

        Returns
        -------
        pandas.DataFrame
            The training column names, order and dtypes, with a fresh RangeIndex.
        """
        check_is_fitted(self, "column_encoders_")
        matrix = self._check_matrix(matrix)
        columns = [column.decode(matrix[:, start:stop].astype(np.float64, copy=False))
                   for column, (start, stop) in self._column_ranges()]
        # From a dict, not pd.concat: concat consolidates same-dtype columns into blocks, a copy of the
        # whole table that took a quarter of the decoding time on pandas 2 (200,000 rows, 15 columns).
        frame = pd.DataFrame(dict(enumerate(columns)), copy=False)
        frame.columns = pd.Index(self.column_names_)
        return frame

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """Describe the fitted encoder without pickle.

        Categories, constants and names come back with their types, Timestamps and
        tuples included; values with no JSON form (``datetime.date``, ``Decimal``, other
        objects) are stored as their ``str`` and come back as strings.

        Returns
        -------
        meta : dict
            JSON-serialisable metadata.
        arrays : dict of str to numpy.ndarray
            Numeric arrays, keyed ``"column_<position>.<name>"``.
        """
        check_is_fitted(self, "column_encoders_")
        column_metas, arrays = [], {}
        for position, column in enumerate(self.column_encoders_):
            column_meta, column_arrays = column.to_state()
            column_metas.append(column_meta)
            arrays.update({f"column_{position}.{key}": value for key, value in column_arrays.items()})
        meta = {
            "format": _STATE_FORMAT,
            "params": self._json_params(),
            "column_names": [to_json_value(name) for name in self.column_names_],
            "columns": column_metas,
            "output_dim": self.output_dim_,
        }
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]) -> "TableEncoder":
        """Rebuild an encoder from :meth:`to_state`; it decodes exactly as the original.

        Parameters
        ----------
        meta : dict
        arrays : dict of str to numpy.ndarray

        Returns
        -------
        TableEncoder
        """
        if meta.get("format") != _STATE_FORMAT:
            raise ValueError(f"meta['format'] must be {_STATE_FORMAT!r}, got {meta.get('format')!r}")
        encoder = cls(**meta["params"])
        encoder.column_names_ = [from_json_value(name) for name in meta["column_names"]]
        encoder.column_encoders_ = [
            _COLUMN_TYPES[column_meta["kind"]].from_state(column_meta, _arrays_of(arrays, position))
            for position, column_meta in enumerate(meta["columns"])
        ]
        encoder._set_spans()
        if encoder.output_dim_ != meta["output_dim"]:
            raise ValueError(f"state arrays give {encoder.output_dim_} columns, meta says {meta['output_dim']}")
        return encoder

    def _validate_params(self):
        if not isinstance(self.continuous, str) or self.continuous not in NORMALIZERS:
            raise ValueError(f"continuous must be one of {sorted(NORMALIZERS)}, got {self.continuous!r}")
        _check_positive_int("max_modes", self.max_modes)
        _check_positive_int("mixture_max_rows", self.mixture_max_rows)

    def _fit_column(self, series: pd.Series, rng: np.random.Generator):
        """Pick the column's kind from its dtype and distinct values, and fit it."""
        if series.nunique(dropna=False) <= 1:
            return ConstantColumn.fit(series)
        if _is_continuous(series):
            return ContinuousColumn.fit(series, self._fit_normalizer, rng)
        return DiscreteColumn.fit(series)

    def _fit_normalizer(self, observed: np.ndarray, rng: np.random.Generator):
        if self.continuous == "quantile":
            return QuantileNormalizer.fit(observed, rng)
        return ModeNormalizer.fit(observed, self.max_modes, self.mixture_max_rows, rng)

    def _set_spans(self):
        """Lay the columns' spans end to end."""
        self.spans_ = []
        start = 0
        for column in self.column_encoders_:
            for width, activation in column.layout:
                self.spans_.append(Span(start, start + width, activation))
                start += width
        self.output_dim_ = start

    def _column_ranges(self):
        """Yield each column encoder with the ``(start, stop)`` of its matrix columns."""
        start = 0
        for column in self.column_encoders_:
            stop = start + sum(width for width, _ in column.layout)
            yield column, (start, stop)
            start = stop

    def _check_columns(self, frame: pd.DataFrame):
        _check_frame(frame)
        if list(frame.columns) != self.column_names_:
            raise ValueError(
                f"frame columns must be the training columns {self.column_names_}, got {list(frame.columns)}"
            )

    def _check_matrix(self, matrix) -> np.ndarray:
        """As floats, with NaN read as 0 and infinities as extremes; the caller's array is not written to.

        float32 stays float32 here: each column's block is widened to float64 when it is decoded.
        One float64 copy of a million generated rows took from 0.07 to 0.8 s, by how fast the
        system handed out fresh memory; a column's block at a time reuses the same small buffers.
        """
        matrix = np.asarray(matrix)
        if matrix.dtype not in (np.float32, np.float64):
            matrix = matrix.astype(np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.output_dim_:
            raise ValueError(f"matrix must have shape (n_rows, {self.output_dim_}), got {matrix.shape}")
        # nan_to_num scans for NaN, +inf and -inf one after another; one isfinite pass finds out whether
        # it is needed at all, which for generator output it rarely is.
        if not np.isfinite(matrix).all():
            matrix = np.nan_to_num(matrix)
        return matrix

    def _json_params(self) -> dict:
        """Constructor parameters as JSON; a Generator seed cannot be saved and becomes None."""
        params = {name: int(value) if isinstance(value, numbers.Integral) else value
                  for name, value in self.get_params().items()}
        if not isinstance(params["random_state"], int):
            params["random_state"] = None
        return params


def _is_continuous(series: pd.Series) -> bool:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return False
    if is_time_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
        return True
    if pd.api.types.is_integer_dtype(dtype):
        return series.nunique() > MAX_DISCRETE_INT_VALUES
    return False


def _arrays_of(arrays: dict[str, np.ndarray], position: int) -> dict[str, np.ndarray]:
    prefix = f"column_{position}."
    return {key[len(prefix):]: value for key, value in arrays.items() if key.startswith(prefix)}


def _make_generator(random_state) -> np.random.Generator:
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(2**31 - 1))
    return np.random.default_rng(random_state)


def _check_positive_int(name: str, value):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")


def _check_frame(frame):
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ValueError(f"frame must have at least one row and one column, got shape {frame.shape}")
