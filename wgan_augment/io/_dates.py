"""Dates written as text in the common non-ISO forms: recognised on reading, written back in that format.

``31/12/2024``, ``12/31/24``, ``31.12.2024 23h59``, ``31-Dec-2024``, ``Dec 31, 2024``, ``31 December 2024``
and ``12/31/2024 11:59 PM`` are dates to a person and strings to pandas; learned as categories, every
"synthetic" date would be a real one and two date columns could never be learned together. A column is
read as dates only when every value parses with one format; which of day and month comes first is read
off the values (a first field above 12 means day first, a second field above 12 month first) and is day
first when the values cannot tell. Month names are English (``Dec`` or ``December``, any case).
Two-digit years follow strptime's window: 69-99 are 1969-1999, 00-68 are 2000-2068; dotted ones need
two-digit days and months (``1.2.10`` is a version number, ``01.02.10`` a date).
Written back, days, months and hours are zero-padded (``1/2/2024`` comes back as ``01/02/2024``) and
AM/PM in capitals.
"""

from __future__ import annotations

import re

import pandas as pd

# A time after the date: 23:59, 23:59:59, 11:59 PM, 11:59pm or 23h59.
_TIME = r"(?: (?P<hour>\d{1,2})(?P<clock>[:h])\d{2}(?P<seconds>:\d{2})?(?P<meridiem> ?[AaPp][Mm])?)?"
# day-or-month, separator, day-or-month, separator (the same), four- or two-digit year
_DAY_MONTH = re.compile(rf"^(?P<first>\d{{1,2}})(?P<sep>[/.-])(?P<second>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}})"
                        rf"{_TIME}$")
_YEAR_FIRST_SLASH = re.compile(rf"^(?P<year>\d{{4}})/\d{{1,2}}/\d{{1,2}}{_TIME}$")
# 31-Dec-2024, 31 Dec 24, 31 December 2024
_DAY_MONTH_NAME = re.compile(rf"^\d{{1,2}}(?P<sep>[ -])(?P<month>[A-Za-z]{{3,9}})(?P=sep)(?P<year>\d{{4}}|\d{{2}})"
                             rf"{_TIME}$")
# Dec 31, 2024 and December 31, 2024
_MONTH_NAME_DAY = re.compile(rf"^(?P<month>[A-Za-z]{{3,9}}) \d{{1,2}}, (?P<year>\d{{4}}){_TIME}$")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ABBREVIATIONS = frozenset(month[:3] for month in _MONTHS)


def date_format(values: pd.Series) -> str | None:
    """The one strftime format every value (non-missing strings) is written in, or None."""
    text = values.astype(str)
    for pattern, layout in ((_DAY_MONTH, _numeric_layout), (_YEAR_FIRST_SLASH, lambda _: "%Y/%m/%d"),
                            (_DAY_MONTH_NAME, _day_month_name_layout), (_MONTH_NAME_DAY, _month_name_day_layout)):
        if not pattern.match(text.iloc[0]):  # one value rules most patterns out without a pass over the column
            continue
        parts = text.str.extract(pattern)
        if parts["year"].notna().all():
            date_part = layout(parts)
            time_part = _time_format(parts)
            if date_part is None or time_part is None or parts["year"].str.len().nunique() != 1:
                return None
            years = "%y" if len(parts["year"].iloc[0]) == 2 else "%Y"
            return date_part.replace("%Y", years) + time_part
    return None


def parse_dates(column: pd.Series, text_format: str) -> pd.Series | None:
    """The column as datetimes read with ``text_format``; None when a value does not parse (31/02/2024)."""
    try:
        return pd.to_datetime(column, format=text_format)
    except (ValueError, TypeError):
        return None


def first_unparsed(column: pd.Series, text_format: str):
    """The first non-missing value of ``column`` that ``text_format`` does not read, or None."""
    parsed = pd.to_datetime(column, format=text_format, errors="coerce")
    failed = column[parsed.isna() & column.notna()]
    return None if failed.empty else failed.iloc[0]


def _numeric_layout(parts: pd.DataFrame) -> str | None:
    if parts["sep"].nunique() != 1:
        return None
    first, second = parts["first"].astype(int), parts["second"].astype(int)
    if first.max() > 12 and second.max() > 12:
        return None
    separator = parts["sep"].iloc[0]
    if separator == "." and parts["year"].str.len().iloc[0] == 2 and \
            (parts["first"].str.len().min() < 2 or parts["second"].str.len().min() < 2):
        return None  # 1.2.10 is a version number far more often than the 1st of February 2010
    order = f"%m{separator}%d" if second.max() > 12 else f"%d{separator}%m"
    return f"{order}{separator}%Y"


def _day_month_name_layout(parts: pd.DataFrame) -> str | None:
    month = _month_directive(parts["month"])
    if month is None or parts["sep"].nunique() != 1:
        return None
    separator = parts["sep"].iloc[0]
    return f"%d{separator}{month}{separator}%Y"


def _month_name_day_layout(parts: pd.DataFrame) -> str | None:
    month = _month_directive(parts["month"])
    return None if month is None else f"{month} %d, %Y"


def _month_directive(months: pd.Series) -> str | None:
    """``%b`` when every month is an English abbreviation, ``%B`` when every one is a full name, else None."""
    lowered = months.str.lower()
    if lowered.isin(_ABBREVIATIONS).all():
        return "%b"
    if lowered.isin(_MONTHS).all():
        return "%B"
    return None


def _time_format(parts: pd.DataFrame) -> str | None:
    """The format of the time after the date (``""`` when there is none), or None when the values disagree."""
    if parts["hour"].isna().all():
        return ""
    clocks, seconds, meridiems = parts["clock"], parts["seconds"], parts["meridiem"]
    if parts["hour"].isna().any() or clocks.nunique() != 1 or seconds.isna().nunique() != 1:
        return None
    if meridiems.isna().nunique() != 1 or meridiems.str.startswith(" ").nunique() > 1:
        return None
    if clocks.iloc[0] == "h":  # 23h59: French and German timetables, never with seconds or AM/PM
        return None if seconds.notna().any() or meridiems.notna().any() else " %Hh%M"
    hours = "%I" if meridiems.notna().all() else "%H"
    spacing = " " if meridiems.notna().all() and meridiems.iloc[0].startswith(" ") else ""
    return f" {hours}:%M{':%S' if seconds.notna().all() else ''}" + (f"{spacing}%p" if hours == "%I" else "")
