"""Column dtypes as JSON, and back to the very same dtype.

``str(dtype)`` and ``pandas_dtype`` round-trip numpy dtypes, nullable extension dtypes
(``Int64``, ``boolean``, ``Float64``) and ``datetime64[unit, tz]``. Two kinds need more:
a category dtype is only equal to another with the same categories and order flag, and
string dtypes differ by storage and missing-value marker while sharing the name.
"""

import numpy as np
import pandas as pd

from ._json_values import from_json_value, to_json_value


def dtype_to_json(dtype) -> dict:
    """Describe ``dtype`` with JSON values.

    Parameters
    ----------
    dtype : numpy dtype or pandas extension dtype

    Returns
    -------
    dict
        A description that :func:`dtype_from_json` turns back into an equal dtype.

    Examples
    --------
    >>> dtype_to_json(np.dtype("int8"))
    {'kind': 'plain', 'name': 'int8'}
    """
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "kind": "category",
            "categories": [to_json_value(value) for value in dtype.categories],
            "categories_dtype": dtype_to_json(dtype.categories.dtype),
            "ordered": bool(dtype.ordered),
        }
    if isinstance(dtype, pd.StringDtype):
        na_marker = "NA" if dtype.na_value is pd.NA else "nan"
        return {"kind": "string", "storage": dtype.storage, "na_value": na_marker}
    return {"kind": "plain", "name": str(dtype)}


def dtype_from_json(description: dict):
    """Invert :func:`dtype_to_json`.

    Parameters
    ----------
    description : dict

    Returns
    -------
    numpy dtype or pandas extension dtype

    Examples
    --------
    >>> dtype_from_json({"kind": "plain", "name": "datetime64[s, UTC]"})
    datetime64[s, UTC]
    """
    kind = description["kind"]
    if kind == "category":
        categories = pd.Index(
            [from_json_value(value) for value in description["categories"]],
            dtype=dtype_from_json(description["categories_dtype"]),
        )
        return pd.CategoricalDtype(categories, ordered=description["ordered"])
    if kind == "string":
        return _string_dtype(description["storage"], description["na_value"])
    return pd.api.types.pandas_dtype(description["name"])


def _string_dtype(storage: str, na_marker: str) -> pd.StringDtype:
    """Rebuild a string dtype on pandas 2 (NaN variant is a storage) or 3 (an argument)."""
    if na_marker == "NA" or storage == "pyarrow_numpy":
        return pd.StringDtype(storage)
    try:
        return pd.StringDtype(storage, na_value=np.nan)
    except TypeError:
        return pd.StringDtype("pyarrow_numpy")


def is_time_dtype(dtype) -> bool:
    """Whether ``dtype`` holds datetimes (naive or zoned) or timedeltas."""
    return pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype)
