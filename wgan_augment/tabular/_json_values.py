"""Cell values and column names as JSON values, and back.

Plain JSON covers ``None``, bools, ints, finite floats and strings. Everything else that a
column name, a category or a constant may hold is written as a one-key dict (a dict can never
be a category or a name itself, because it is unhashable, so the tag cannot be ambiguous).
Values with no tag (``datetime.date``, ``Decimal``, user objects...) are written as their
``str``; they come back as strings after a save and load.
"""

import math

import numpy as np
import pandas as pd


def to_json_value(value):
    """Return a JSON-serialisable stand-in for ``value``.

    Parameters
    ----------
    value : object
        A column name, a category or a constant cell value.

    Returns
    -------
    object
        ``None``, bool, int, float, str, or a one-key dict for tagged values.

    Examples
    --------
    >>> to_json_value(float("nan"))
    {'float': 'nan'}
    >>> to_json_value(np.int64(3))
    3
    """
    if isinstance(value, (np.datetime64, np.timedelta64)):
        value = pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    return _tagged(value)


def _tagged(value) -> dict | str:
    """Tag the values plain JSON cannot hold; fall back to ``str``."""
    if value is pd.NA:
        return {"missing": "NA"}
    if value is pd.NaT:
        return {"missing": "NaT"}
    if isinstance(value, pd.Timestamp):
        zone = None if value.tz is None else str(value.tz)
        return {"timestamp": [value.isoformat(), zone]}
    if isinstance(value, pd.Timedelta):
        return {"timedelta_ns": int(value.value)}
    if isinstance(value, tuple):
        return {"tuple": [to_json_value(item) for item in value]}
    return str(value)


def from_json_value(stored):
    """Invert :func:`to_json_value`.

    Parameters
    ----------
    stored : object
        A value written by :func:`to_json_value` (after any JSON round trip).

    Returns
    -------
    object
        The original value, or its ``str`` when it had no JSON form.

    Examples
    --------
    >>> from_json_value({"float": "nan"})
    nan
    """
    if not isinstance(stored, dict):
        return stored
    (tag, payload), = stored.items()
    if tag == "float":
        return float(payload)
    if tag == "missing":
        return pd.NA if payload == "NA" else pd.NaT
    if tag == "timestamp":
        iso_text, zone = payload
        return _timestamp_in_zone(pd.Timestamp(iso_text), zone)
    if tag == "timedelta_ns":
        return pd.Timedelta(payload, unit="ns")
    if tag == "tuple":
        return tuple(from_json_value(item) for item in payload)
    raise ValueError(f"unknown JSON value tag {tag!r}")


def _timestamp_in_zone(stamp: pd.Timestamp, zone: str | None) -> pd.Timestamp:
    """Put back a named time zone; the ISO text only kept its UTC offset."""
    if zone is None or stamp.tz is None:
        return stamp
    try:
        return stamp.tz_convert(zone)
    except (ValueError, TypeError, KeyError):
        return stamp
