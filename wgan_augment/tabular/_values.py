"""Column values to plain numpy arrays and back to a Series of the original dtype."""

import numpy as np
import pandas as pd

from ._dtypes import is_time_dtype

_NAT_INT = np.iinfo(np.int64).min


def series_to_float(series: pd.Series) -> np.ndarray:
    """Return the column as float64 with NaN for every kind of missing value.

    Datetimes and timedeltas become integers in their own unit (UTC epoch for zoned
    datetimes), so the unit never has to be guessed back.

    Parameters
    ----------
    series : pandas.Series
        A numeric, datetime or timedelta column.

    Returns
    -------
    numpy.ndarray
        Float64 values of shape ``(len(series),)``; a new array, never a view of ``series``.
    """
    if not is_time_dtype(series.dtype):
        return np.array(series.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        ticks = pd.TimedeltaIndex(series).asi8
    else:
        ticks = pd.DatetimeIndex(series).asi8
    values = ticks.astype(np.float64)
    values[series.isna().to_numpy()] = np.nan
    return values


def float_to_series(values: np.ndarray, dtype) -> pd.Series:
    """Invert :func:`series_to_float`: float64 values (NaN = missing) to a Series of ``dtype``.

    Integer and time dtypes are rounded first.

    Parameters
    ----------
    values : numpy.ndarray
        Float64 values, already within the column's range.
    dtype : numpy dtype or pandas extension dtype
        The column's training dtype.

    Returns
    -------
    pandas.Series
    """
    if is_time_dtype(dtype):
        return _ticks_to_series(values, dtype)
    if pd.api.types.is_integer_dtype(dtype):
        values = np.round(values)
    return pd.Series(values).astype(dtype)


def _ticks_to_series(values: np.ndarray, dtype) -> pd.Series:
    """Integer ticks in the dtype's unit (UTC for zoned dtypes) to a time Series."""
    ticks = np.where(np.isnan(values), _NAT_INT, np.round(values)).astype(np.int64)
    series = pd.Series(ticks.view(dtype.base))
    zone = getattr(dtype, "tz", None)
    if zone is not None:
        series = series.dt.tz_localize("UTC").dt.tz_convert(zone)
    return series


def objects_to_series(values: np.ndarray, dtype) -> pd.Series:
    """Cast an object array of original cell values to a Series of ``dtype``.

    Parameters
    ----------
    values : numpy.ndarray
        Object array of values seen in training (missing markers included).
    dtype : numpy dtype or pandas extension dtype

    Returns
    -------
    pandas.Series
    """
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical(values, dtype=dtype))
    return pd.Series(values, dtype=object).astype(dtype)
