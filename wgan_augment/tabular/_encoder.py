"""``TableEncoder``: a mixed-type DataFrame <-> a float32 matrix with activation spans."""

import numbers
import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from ..runtime import draw_seed
from ._continuous import ContinuousColumn
from ._discrete import MIN_CATEGORY_COUNT, ConstantColumn, DiscreteColumn
from ._dtypes import is_time_dtype
from ._identifier import IdentifierColumn
from ._json_values import from_json_value, to_json_value
from ._mixed import numbers_in_mixed_columns
from ._normalizers import NORMALIZERS, ModeNormalizer, QuantileNormalizer
from ._roles import CONSTANT, CONTINUOUS, IDENTIFIER, TEXT, check_role_choice, detect_role, text_column_error
from ._span import Span
from ._values import series_to_float

# Largest magnitude of a continuous value: squares and differences of values up to 1e150 stay finite in
# float64 (the mixture and the quantile interpolation compute both). Values down to the smallest
# float64 are kept as they are by the quantile encoding (the default); the mode encoding's alpha
# underflows in float32 for columns around 1e-300.
MAX_MAGNITUDE = 1e150

_STATE_FORMAT = "wgan_augment.tabular.TableEncoder/1"
_COLUMN_TYPES = {column.kind: column for column in (ContinuousColumn, DiscreteColumn, ConstantColumn, IdentifierColumn)}


class TableEncoder(BaseEstimator):
    """Reversible encoding of a mixed-type table as a float32 matrix for a GAN.

    Each column becomes one or more spans of matrix columns, each with the activation a
    generator must apply (``Span.activation``):

    - continuous columns (floats, integers with more than ``MAX_DISCRETE_INT_VALUES``
      distinct values, datetimes, timedeltas): ``continuous_encoding="quantile"`` writes one
      ``"linear"`` standard-normal score (within about +-5.2); ``continuous_encoding="mode"``
      writes a ``"tanh"`` scalar in [-0.99, 0.99] and a ``"softmax"`` mode block. A column with
      missing values in training gets a further ``[observed, missing]`` ``"softmax"`` block.
    - discrete columns (strings, objects, categories, bools, few-valued integers): one
      ``"softmax"`` block, missing values being one more category. Text and category values
      held by fewer than ``min_category_count`` rows are pooled into one ``"<rare>"`` category.
    - strings of numbers with a few text markers (``>100``, ``n/a``; see ``_mixed``): continuous, the
      markers missing, with a ``UserWarning`` naming them; they decode as floats.
    - constant or all-missing columns: no span; refilled on decode.
    - identifier columns (nearly all-distinct short strings, distinct integer keys, e-mails and
      IBANs, and phone numbers, person names or ``*_id``/``customer*`` columns with many distinct
      values, repeating or not): no span; fresh values in the training values' format are generated
      on decode, never a training value.

    Each column's role is found from its values (``wgan_augment.tabular._roles.detect_role``);
    free text (mostly distinct values of several words) is refused with an error that names the
    column, since neither a GAN nor a category list can imitate it without copying it.

    Parameters
    ----------
    continuous_encoding : {"quantile", "mode"}, default="quantile"
        Encoding of continuous columns: a quantile transform to a standard normal, or
        mode-specific normalisation with a Bayesian Gaussian mixture; as ``WGANAugmenter``'s
        parameter of the same name.
    max_modes : int, default=10
        Most mixture modes per continuous column (``continuous_encoding="mode"``).
    mixture_max_rows : int, default=5000
        Most rows, drawn at random, that a column's mixture is fitted on.
    random_state : int, numpy Generator or None, default=None
        Seeds the mixture fits, the subsamples and the mode draws of ``transform``.
    column_roles : dict or None, default=None
        Roles that override the detected ones, by column name: ``"continuous"``, ``"discrete"``
        (learn the values as categories) or ``"identifier"`` (generate fresh values).
    min_category_count : int, default=5
        Text and category values held by fewer training rows are pooled into one category that
        decodes as ``"<rare>"``, so they are neither stored nor generated (k-anonymity's k; 1 pools
        nothing). Bools and integer codes are never pooled.
    keep_rare_categories : list of column names or None, default=None
        Columns whose rare values are kept as categories all the same, by request.
    continuous : {"mode", "quantile"}, default="deprecated"
        Deprecated: the former name of ``continuous_encoding`` (whose default was then "mode").
        When given it wins, and ``fit`` warns with a ``FutureWarning``; it goes in the next release.

    Attributes
    ----------
    spans_ : list of Span
        Contiguous spans covering ``[0, output_dim_)`` in column order.
    output_dim_ : int
        Number of matrix columns.
    column_names_ : list
        Training column names, in order.
    column_roles_ : dict
        Each column's role: ``"continuous"``, ``"discrete"``, ``"constant"`` or ``"identifier"``.
    column_encoders_ : list
        One fitted encoder per training column.
    pooled_categories_ : dict
        Columns whose rare values were pooled, with how many values each pooled (never the values).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"age": [23, 35, 47, 52, 61, 29, 33, 41, 58, 39, 44, 27, 30, 50, 36],
    ...                       "city": list("abcabcabcabcabc")})
    >>> encoder = TableEncoder(random_state=0).fit(frame)
    >>> matrix = encoder.transform(frame)
    >>> matrix.shape == (15, encoder.output_dim_)
    True
    >>> encoder.inverse_transform(matrix)["city"].equals(frame["city"])  # each city held by 5 rows: kept
    True
    """

    def __init__(self, continuous_encoding="quantile", max_modes=10, mixture_max_rows=5000, random_state=None,
                 column_roles=None, min_category_count=MIN_CATEGORY_COUNT, keep_rare_categories=None,
                 continuous="deprecated"):
        self.continuous_encoding = continuous_encoding
        self.max_modes = max_modes
        self.mixture_max_rows = mixture_max_rows
        self.random_state = random_state
        self.column_roles = column_roles
        self.min_category_count = min_category_count
        self.keep_rare_categories = keep_rare_categories
        self.continuous = continuous

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
        _check_columns_named("keep_rare_categories", self.keep_rare_categories, frame)
        frame = numbers_in_mixed_columns(frame, skip=self.column_roles or {})  # a copy: the caller's is kept
        roles = self.find_roles(frame)
        for position, role in enumerate(roles):
            if role == CONTINUOUS:
                _check_magnitude(frame.columns[position], frame.iloc[:, position])
        rng = _make_generator(self.random_state)
        self.column_names_ = list(frame.columns)
        self.column_encoders_ = [self._fit_column(frame.iloc[:, position], role, rng)
                                 for position, role in enumerate(roles)]
        self.column_roles_ = dict(zip(self.column_names_, roles))
        self._set_pooled()
        self._set_spans()
        return self

    def find_roles(self, frame: pd.DataFrame) -> list[str]:
        """Each column's role, in column order, as ``fit`` would choose it, checked before anything is fitted.

        Raises
        ------
        ValueError
            For free text without a role in ``column_roles``, naming the column and the fixes; for a
            ``column_roles`` entry naming no column, or a role the column cannot take.
        """
        chosen = dict(self.column_roles or {})
        unknown = [name for name in chosen if name not in frame.columns]
        if unknown:
            raise ValueError(f"column_roles names {unknown[0]!r}, which is not a column "
                             f"(columns: {list(frame.columns)[:20]})")
        frame = numbers_in_mixed_columns(frame, skip=chosen, warn=False)
        roles = []
        for position, name in enumerate(frame.columns):
            series = frame.iloc[:, position]
            if name in chosen:
                check_role_choice(name, chosen[name], series)
                role = CONSTANT if series.nunique(dropna=False) <= 1 else chosen[name]
            else:
                role = detect_role(series)
                if role == IDENTIFIER:
                    _check_identifier_room(name, series)
            if role == TEXT:
                raise text_column_error(name)
            roles.append(role)
        return roles

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
        not_numbers = [name for name, role in self.column_roles_.items() if role != CONTINUOUS]
        frame = numbers_in_mixed_columns(frame, skip=not_numbers, warn=False)
        rng = _make_generator(self.random_state)
        matrix = np.empty((len(frame), self.output_dim_), dtype=np.float32)
        for position, (column, (start, stop)) in enumerate(self._column_ranges()):
            matrix[:, start:stop] = column.encode(frame.iloc[:, position], rng)
        return matrix

    def fit_transform(self, frame: pd.DataFrame, y=None) -> np.ndarray:
        """Fit on ``frame``, then encode it; see :meth:`fit` and :meth:`transform`."""
        return self.fit(frame).transform(frame)

    def inverse_transform(self, matrix, random_state=None, first_identifier=None) -> pd.DataFrame:
        """Decode a matrix, such as generator output, into a table like the training one.

        Softmax blocks may be soft (any scores): each is read by its argmax. Any finite or
        non-finite float is accepted; scalars are clipped to their activation's range and
        decoded values to the training column's ``[min, max]``.

        Parameters
        ----------
        matrix : array-like of shape (n_rows, ``output_dim_``)
        random_state : int, numpy Generator, RandomState or None, default=None
            Seeds the fresh values of identifier columns (the rest is read off ``matrix``).
        first_identifier : int or None, default=None
            Number of the first row's identifiers; None draws it. Identifiers are numbered row by
            row, so successive calls that continue the count never repeat a value.

        Returns
        -------
        pandas.DataFrame
            The training column names, order and dtypes, with a fresh RangeIndex.
        """
        check_is_fitted(self, "column_encoders_")
        matrix = self._check_matrix(matrix)
        # Drawn from only when there are identifiers: a caller's RandomState must not move otherwise.
        rng = _make_generator(random_state) if self.identifier_capacity is not None else None
        columns = [_decode(column, matrix[:, start:stop].astype(np.float64, copy=False), rng, first_identifier)
                   for column, (start, stop) in self._column_ranges()]
        # From a dict, not pd.concat: concat consolidates same-dtype columns into blocks, a copy of the
        # whole table that took a quarter of the decoding time on pandas 2 (200,000 rows, 15 columns).
        frame = pd.DataFrame(dict(enumerate(columns)), copy=False)
        frame.columns = pd.Index(self.column_names_)
        return frame

    @property
    def identifier_capacity(self) -> int | None:
        """Most rows whose fresh identifiers are all distinct (the smallest column's room); None without any."""
        check_is_fitted(self, "column_encoders_")
        capacities = [column.capacity for column in self.column_encoders_ if column.kind == IDENTIFIER]
        return min(capacities) if capacities else None

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
        params = dict(meta["params"])
        params["continuous_encoding"] = params.pop("continuous")  # the name format /1 keeps: see _json_params
        if params.get("column_roles") is not None:
            params["column_roles"] = {from_json_value(name): role for name, role in params["column_roles"]}
        params.setdefault("min_category_count", 1)  # files from before rare values were pooled pooled none
        if params.get("keep_rare_categories") is not None:
            params["keep_rare_categories"] = [from_json_value(name) for name in params["keep_rare_categories"]]
        encoder = cls(**params)
        encoder.column_names_ = [from_json_value(name) for name in meta["column_names"]]
        if len(encoder.column_names_) != len(meta["columns"]):
            raise ValueError(f"{len(encoder.column_names_)} column names for {len(meta['columns'])} columns")
        encoder.column_encoders_ = [_column_from_state(name, column_meta, _arrays_of(arrays, position))
                                    for position, (name, column_meta) in
                                    enumerate(zip(encoder.column_names_, meta["columns"]))]
        encoder.column_roles_ = {name: column.kind for name, column in zip(encoder.column_names_,
                                                                           encoder.column_encoders_)}
        encoder._set_pooled()
        encoder._set_spans()
        if encoder.output_dim_ != meta["output_dim"]:
            raise ValueError(f"state arrays give {encoder.output_dim_} columns, meta says {meta['output_dim']}")
        return encoder

    def _validate_params(self):
        if not _is_unset(self.continuous):
            warnings.warn(f"TableEncoder's continuous is now continuous_encoding (as WGANAugmenter names it); "
                          f"continuous={self.continuous!r} is used this time, and will stop working in the next "
                          "release.", FutureWarning, stacklevel=3)
        if not isinstance(self._encoding, str) or self._encoding not in NORMALIZERS:
            name = "continuous_encoding" if _is_unset(self.continuous) else "continuous"
            raise ValueError(f"{name} must be one of {sorted(NORMALIZERS)}, got {self._encoding!r}")
        _check_positive_int("max_modes", self.max_modes)
        _check_positive_int("mixture_max_rows", self.mixture_max_rows)
        _check_positive_int("min_category_count", self.min_category_count)
        kept = self.keep_rare_categories
        if kept is not None and (isinstance(kept, (str, dict)) or not hasattr(kept, "__iter__")):
            raise ValueError(f"keep_rare_categories must be a list of column names or None, got {kept!r}")

    def _fit_column(self, series: pd.Series, role: str, rng: np.random.Generator):
        if role == CONSTANT:
            return ConstantColumn.fit(series)
        if role == IDENTIFIER:
            return IdentifierColumn.fit(series)
        if role == CONTINUOUS:
            return ContinuousColumn.fit(series, self._fit_normalizer, rng)
        kept = series.name in list(self.keep_rare_categories or [])
        return DiscreteColumn.fit(series, 1 if kept else self.min_category_count)

    def _set_pooled(self):
        self.pooled_categories_ = {name: column.n_pooled for name, column in
                                   zip(self.column_names_, self.column_encoders_) if getattr(column, "n_pooled", 0)}

    @property
    def _encoding(self):
        """``continuous_encoding``, or the deprecated ``continuous`` when that was given."""
        return self.continuous_encoding if _is_unset(self.continuous) else self.continuous

    def _fit_normalizer(self, observed: np.ndarray, rng: np.random.Generator):
        if self._encoding == "quantile":
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
        # Format /1 calls the encoding "continuous", the parameter's name then: files stay readable by 0.1.0.
        del params["continuous_encoding"]
        params["continuous"] = self._encoding
        if params["column_roles"] is not None:  # pairs: JSON object keys could only be strings
            params["column_roles"] = [[to_json_value(name), role] for name, role in params["column_roles"].items()]
        if params["keep_rare_categories"] is not None:
            params["keep_rare_categories"] = [to_json_value(name) for name in params["keep_rare_categories"]]
        return params


def _is_unset(continuous) -> bool:
    return isinstance(continuous, str) and continuous == "deprecated"


def _check_columns_named(parameter: str, names, frame: pd.DataFrame) -> None:
    unknown = [name for name in names or [] if name not in frame.columns]
    if unknown:
        raise ValueError(f"{parameter} names {unknown[0]!r}, which is not a column "
                         f"(columns: {list(frame.columns)[:20]})")


def _check_identifier_room(name, series: pd.Series) -> None:
    """A column taken for identifiers must have a format with room for at least as many new values as it
    has rows; values of many lengths (URLs, paths) or a format they fill leave none."""
    room = IdentifierColumn.fit(series).capacity  # its own errors name the column and the fix
    if room < series.notna().sum():
        raise ValueError(
            f"column {name!r} looks like identifiers (nearly all values distinct, single words), but their format "
            f"leaves room for only {room:,} new values (values of many lengths, or a format they fill). Drop it "
            f"(--drop {name}), or say how to treat it: column_roles={{{name!r}: 'discrete'}} (--role {name}=discrete)."
        )


def _check_magnitude(name, series: pd.Series) -> None:
    """Refuse numbers so large that arithmetic on them overflows, naming the column and the value."""
    if is_time_dtype(series.dtype):
        return
    values = series_to_float(series)
    largest = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 0.0
    if largest > MAX_MAGNITUDE:
        raise ValueError(f"column {name!r} holds {largest:.3g}, beyond ±{MAX_MAGNITUDE:.0e}, where arithmetic on its "
                         "values overflows: rescale the column (divide it by a power of ten) or, if such values "
                         "stand for missing ones, replace them with NaN")


def _decode(column, block: np.ndarray, rng: np.random.Generator, first_identifier) -> pd.Series:
    # Only identifiers draw their values at decode time; the others read them off the generator's output.
    return column.decode(block, rng, first_identifier) if column.kind == IDENTIFIER else column.decode(block)


def _column_from_state(name, meta: dict, arrays: dict[str, np.ndarray]):
    kind = meta.get("kind")
    if kind not in _COLUMN_TYPES:
        raise ValueError(f"column {name!r}: unknown kind {kind!r}")
    try:
        return _COLUMN_TYPES[kind].from_state(meta, arrays)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"column {name!r}: {error}") from error


def _arrays_of(arrays: dict[str, np.ndarray], position: int) -> dict[str, np.ndarray]:
    prefix = f"column_{position}."
    return {key[len(prefix):]: value for key, value in arrays.items() if key.startswith(prefix)}


def _make_generator(random_state) -> np.random.Generator:
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(draw_seed(random_state))
    return np.random.default_rng(random_state)


def _check_positive_int(name: str, value):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")


def _check_frame(frame):
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ValueError(f"frame must have at least one row and one column, got shape {frame.shape}")
