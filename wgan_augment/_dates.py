"""Dates written as text in the common non-ISO forms: recognised on reading, written back in that format.

``31/12/2024``, ``12/31/2024``, ``31.12.2024 23:59`` and ``31-12-2024`` are dates to a person and
strings to pandas; learned as categories, every "synthetic" date would be a real one and two date
columns could never be learned together. A column is read as dates only when every value parses with
one format; which of day and month comes first is read off the values (a first field above 12 means
day first, a second field above 12 month first) and is day first when the values cannot tell.
Written back, days, months and hours are zero-padded (``1/2/2024`` comes back as ``01/02/2024``).
"""

from __future__ import annotations

import re

import pandas as pd

# day-or-month, separator, day-or-month, separator (the same), four-digit year, optional time
_DAY_MONTH = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: (\d{1,2}:\d{2})(:\d{2})?)?$")
_YEAR_FIRST_SLASH = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}(?: (\d{1,2}:\d{2})(:\d{2})?)?$")


def date_format(values: pd.Series) -> str | None:
    """The one strftime format every value (non-missing strings) is written in, or None."""
    text = values.astype(str)
    parts = text.str.extract(_DAY_MONTH)
    if parts[0].notna().all():
        separators = parts[1].unique()
        if len(separators) != 1 or parts[4].isna().nunique() > 1 or parts[5].isna().nunique() > 1:
            return None
        first, second = parts[0].astype(int), parts[2].astype(int)
        if first.max() > 12 and second.max() > 12:
            return None
        day_first = not (second.max() > 12)
        separator = separators[0]
        order = f"%d{separator}%m" if day_first else f"%m{separator}%d"
        return f"{order}{separator}%Y{_time_part(parts[4], parts[5])}"
    matches = text.str.extract(_YEAR_FIRST_SLASH)
    if text.str.fullmatch(_YEAR_FIRST_SLASH).all() and matches[0].isna().nunique() == 1:
        return f"%Y/%m/%d{_time_part(matches[0], matches[1])}"
    return None


def parse_dates(column: pd.Series, text_format: str) -> pd.Series | None:
    """The column as datetimes read with ``text_format``; None when a value does not parse (31/02/2024)."""
    try:
        return pd.to_datetime(column, format=text_format)
    except (ValueError, TypeError):
        return None


def _time_part(hours_minutes: pd.Series, seconds: pd.Series) -> str:
    if hours_minutes.isna().all():
        return ""
    return " %H:%M:%S" if seconds.notna().all() else " %H:%M"
