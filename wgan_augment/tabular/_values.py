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


# Grids a column's values may sit on, coarsest first. Numbers: powers of ten (whole thousands down
# to millionths). Times: days, hours, minutes, seconds, milliseconds, microseconds, in seconds.
_NUMBER_GRIDS = tuple(10.0**exponent for exponent in range(3, -7, -1))
_TIME_GRIDS_SECONDS = (86_400, 3_600, 60, 1, 1e-3, 1e-6)


def observed_resolution(observed: np.ndarray, dtype) -> float:
    """The coarsest grid every observed value lies on, in the units of :func:`series_to_float`.

    Generated values are rounded to it, so that dates come back as dates rather than as dates with
    a time of day, and prices with two decimals keep two decimals. 0 means no grid was found.
    """
    grids = _NUMBER_GRIDS
    if is_time_dtype(dtype):
        unit = getattr(dtype, "unit", None) or np.datetime_data(dtype)[0]
        ticks_per_second = pd.Timedelta(1, "s") / pd.Timedelta(1, unit)
        # Whole days in a zoned column are local midnights, which UTC ticks do not show.
        seconds = _TIME_GRIDS_SECONDS[1:] if getattr(dtype, "tz", None) is not None else _TIME_GRIDS_SECONDS
        grids = tuple(step * ticks_per_second for step in seconds)
    # A grid coarser than the closest two distinct values is not theirs: every value of a column around
    # 1e-300 is within 1e-6 steps of a multiple of 1,000, and rounding to it would make them all 0.
    gaps = np.diff(np.unique(observed))
    # Gaps of float noise (0.3 against 0.30000000000000004) are not distances between values.
    gaps = gaps[gaps > 1e-9 * np.abs(observed).max()] if len(gaps) else gaps
    finest = gaps.min() if len(gaps) else np.inf
    for grid in grids:
        if grid > finest * (1 + 1e-9):
            continue
        steps = observed / grid
        if np.all(np.abs(steps - np.round(steps)) < 1e-6):
            return float(grid)
    return 0.0


def round_to_resolution(values: np.ndarray, resolution: float) -> np.ndarray:
    """Round values to multiples of ``resolution`` (unchanged when it is 0)."""
    if resolution <= 0:
        return values
    if resolution < 1:
        # Rounding to decimals avoids float residue such as 27.500000000000004.
        return np.round(values, int(round(-np.log10(resolution))))
    return np.round(values / resolution) * resolution


def replace_columns(frame: pd.DataFrame, replacements: dict) -> pd.DataFrame:
    """A copy of ``frame`` with the columns at the given positions replaced; ``frame`` itself when none are.

    By position, since a table read from a file may repeat a name; never in place, since the caller's
    frame is not ours to change.
    """
    if not replacements:
        return frame
    frame = frame.copy()
    for position, column in replacements.items():
        frame.isetitem(position, column)
    return frame
