"""Columns of numbers with a few text markers (``n/a``, ``>100``, ``missing``): numbers with gaps, said aloud.

A lab or survey export writes ``>100`` for a value past the scale and ``n/a`` where none was taken.
Learned as categories, every number of such a column would be a real one copied out, and each value
only one row has would be stored in the model file. When the text is a few markers among numbers
the column is read as numbers and the markers as missing values, with a notice naming them; when
it is more than that, the column stays text and a notice says it is learned as categories.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ._values import replace_columns

# "A few" markers: at most this many distinct texts, in at most this share of the non-missing cells.
# Five covers the usual codes of one export (n/a, nd, <LOD, >100, ?); past a fifth of the cells, the text
# is data in its own right and dropping it would lose what the column mostly says.
MAX_MARKERS = 5
MAX_MARKER_SHARE = 0.2
# A cell that looks like a number: digits, with dots or commas among them (decimal or thousands), an
# optional sign and exponent. Which of them parse is left to the number reader.
_NUMBER_LIKE = r"[+-]?(?:[0-9][0-9.,]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"


@dataclass(frozen=True)
class MixedColumn:
    """How a column of numbers and text was read: as ``numbers`` (None when it stays text), with a notice."""

    numbers: pd.Series | None
    notice: str


def dot_numbers(cells: pd.Series) -> pd.Series | None:
    """Text numbers written with a decimal point as floats; None when one does not parse (1,234)."""
    try:
        return pd.to_numeric(cells).astype("float64")
    except (ValueError, TypeError):
        return None


def read_mixed(name, column: pd.Series, read_numbers: Callable[[pd.Series], pd.Series | None] = dot_numbers
               ) -> MixedColumn | None:
    """Read a column of strings that holds both numbers and other text; None when it holds only one of them.

    Parameters
    ----------
    name : hashable
        The column's name, for the notice.
    column : pandas.Series
        Strings, possibly missing. It is not modified.
    read_numbers : callable, default=dot_numbers
        Turns the number-like cells (stripped strings) into floats, or returns None when they are not all
        numbers (the file's decimal comma, for instance).

    Returns
    -------
    MixedColumn or None
        ``numbers`` is a float Series on ``column``'s index, markers and missing cells as NaN, when the
        text is at most ``MAX_MARKERS`` distinct markers in at most ``MAX_MARKER_SHARE`` of the cells.
    """
    text = column.dropna().astype(str).str.strip()
    is_number = text.str.fullmatch(_NUMBER_LIKE)
    markers = text[~is_number]
    if markers.empty or not is_number.any():
        return None
    numbers = read_numbers(text[is_number])
    if numbers is None:
        return None
    distinct = sorted(markers.unique())
    if len(distinct) <= MAX_MARKERS and len(markers) <= MAX_MARKER_SHARE * len(text):
        cells = f"{len(markers)} cell" + ("s" if len(markers) != 1 else "")
        notice = f"column {name!r}: text markers {distinct} read as missing ({cells})"
        return MixedColumn(numbers.reindex(column.index), notice)
    shown = distinct[:MAX_MARKERS] + (["..."] if len(distinct) > MAX_MARKERS else [])
    notice = (f"column {name!r}: numbers mixed with more text than a few markers ({len(markers)} of {len(text)} "
              f"cells, {len(distinct)} distinct: {shown}); learned as categories")
    return MixedColumn(None, notice)


def numbers_in_mixed_columns(frame: pd.DataFrame, skip=(), warn: bool = True) -> pd.DataFrame:
    """``frame`` with each object or string column of numbers and a few markers as floats (a copy when any is).

    Columns named in ``skip`` (the user's own roles) are left alone. With ``warn``, each column read this
    way, and each one whose text is too much for markers, gets a ``UserWarning`` naming it.
    """
    converted = {}
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if name in skip or not _holds_text(column):
            continue
        reading = read_mixed(name, column)
        if reading is None:
            continue
        if warn:
            warnings.warn(reading.notice, UserWarning, stacklevel=3)
        if reading.numbers is not None:
            converted[position] = reading.numbers
    return replace_columns(frame, converted)


def numbers_as_text_like(frame: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (synthetic rows) with each float column that is text in ``like`` (the real rows) as text.

    The real rows of ``fit_resample`` are returned as given, so a column of numbers and markers stays
    text there; its synthetic numbers are written the same way (``12.5``, ``12``), missing ones missing,
    so the joined column holds strings only rather than strings and floats.
    """
    if frame.shape[1] != like.shape[1]:
        return frame
    rendered = {}
    for position in range(frame.shape[1]):
        column, model = frame.iloc[:, position], like.iloc[:, position]
        if pd.api.types.is_float_dtype(column.dtype) and _holds_text(model):
            text = column.astype(str).str.removesuffix(".0").where(column.notna())
            rendered[position] = text.astype(model.dtype)
    return replace_columns(frame, rendered)


def _holds_text(column: pd.Series) -> bool:
    # Object columns may hold Python numbers next to strings (a frame built by hand): the strings decide.
    if isinstance(column.dtype, pd.CategoricalDtype) or not pd.api.types.is_string_dtype(column.dtype):
        return False  # is_string_dtype holds for object columns too
    return pd.api.types.infer_dtype(column, skipna=True) in ("string", "mixed", "mixed-integer",
                                                               "mixed-integer-float")
