"""What each column is for, decided before anything is fitted: learn it, generate it fresh, or refuse it.

A column of nearly all-distinct short strings (customer IDs) or of distinct integer keys holds no
pattern a GAN can learn; learned as categories, every "synthetic" value would be a real one and the
generator's output would be as wide as the table is long. Values that identify people do so even when
they repeat (a customer's e-mail on each of her orders): an e-mail or IBAN pattern makes a column an
identifier alone, a phone or "First Last" pattern or a name such as ``customer_id`` does with many
distinct values (``_patterns``). Free text (mostly distinct, several words) has the same problem and no
format to imitate. All are found here from the values and the name, and a user's ``column_roles``
overrides what is found (``"discrete"`` is the opt-in to learn such values as categories).
"""

from __future__ import annotations

import re

import pandas as pd

from ._dtypes import is_time_dtype
from ._patterns import STRONG_PATTERNS, has_identifying_name, value_pattern

CONTINUOUS = "continuous"
DISCRETE = "discrete"
CONSTANT = "constant"
IDENTIFIER = "identifier"
TEXT = "text"

ROLES = (CONTINUOUS, DISCRETE, CONSTANT, IDENTIFIER, TEXT)
"""Every role a column can get."""
CHOSEN_ROLES = (CONTINUOUS, DISCRETE, IDENTIFIER)
"""The roles a user may give a column in ``column_roles``."""

# Integer columns with at most this many distinct values are categories (codes, counts, ratings);
# above it they are numbers. Ten keeps 1-10 scales and small counts discrete while ages and amounts
# get a continuous encoding.
MAX_DISCRETE_INT_VALUES = 10
# Below this many distinct values a column is never taken for keys or text: 15 colours in 16 rows of a
# scarce table are categories.
MIN_DISTINCT_KEYS = 20
# Strings: an identifier column is nearly all distinct; free text is mostly distinct and mostly
# several words (ISLP's car names: 301 distinct of 392, most of two or more words).
IDENTIFIER_DISTINCT_SHARE = 0.9
TEXT_DISTINCT_SHARE = 0.5
TEXT_MULTIWORD_SHARE = 0.5
# Quasi-identifiers: a column with a phone or person-name pattern, or named like an identity
# (``customer_id``, ``email``), is an identifier from this share of distinct values on, repeats or not.
# 132 customers on 300 orders is 0.44; 20 segments of a 1,000-row table (0.02) stay categories.
QUASI_IDENTIFIER_DISTINCT_SHARE = 0.2
# Integer keys: all distinct, and either named like a key or numbering the rows from 0 or 1 (a
# written-out index); a year column of 30 distinct years is neither.
_KEY_WORD = re.compile(r"(^|[_\s.-])(id|key|index|idx|uuid)$|^(id|key|index|idx|uuid)([_\s.-]|$)", re.I)
_KEY_CAMEL = re.compile(r"[a-z](Id|ID|Key)$|^Unnamed: \d+$")
_INDEX_SPAN = 2


def detect_role(series: pd.Series) -> str:
    """The role of one column, from its dtype and values."""
    observed = series.dropna()
    n_distinct = observed.nunique()
    if series.nunique(dropna=False) <= 1:
        return CONSTANT
    if is_string_column(series):
        return _string_role(series.name, observed.astype(str), n_distinct)
    if pd.api.types.is_bool_dtype(series.dtype):
        return DISCRETE
    if pd.api.types.is_integer_dtype(series.dtype):
        if _is_integer_key(series.name, observed, n_distinct):
            return IDENTIFIER
        return CONTINUOUS if n_distinct > MAX_DISCRETE_INT_VALUES else DISCRETE
    if is_time_dtype(series.dtype) or pd.api.types.is_float_dtype(series.dtype):
        return CONTINUOUS
    return DISCRETE


def is_string_column(series: pd.Series) -> bool:
    """Whether the column holds text: a string dtype, or objects that are all strings."""
    if pd.api.types.is_string_dtype(series.dtype) and not isinstance(series.dtype, pd.CategoricalDtype):
        observed = series.dropna()
        return bool(len(observed)) and pd.api.types.infer_dtype(observed, skipna=True) == "string"
    return False


def check_role_choice(name, role: str, series: pd.Series) -> None:
    """Refuse a ``column_roles`` entry that cannot apply to the column, naming both."""
    if role not in CHOSEN_ROLES:
        raise ValueError(f"column_roles[{name!r}] must be one of {list(CHOSEN_ROLES)}, got {role!r}")
    numeric = pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)
    if role == CONTINUOUS and not (numeric or is_time_dtype(series.dtype)):
        raise ValueError(f"column_roles[{name!r}] = 'continuous', but column {name!r} holds {series.dtype} "
                         "values, not numbers or times")
    if role == IDENTIFIER and not (is_string_column(series) or pd.api.types.is_integer_dtype(series.dtype)):
        raise ValueError(f"column_roles[{name!r}] = 'identifier', but column {name!r} holds {series.dtype} "
                         "values; identifiers are strings or integers")


def text_column_error(name) -> ValueError:
    return ValueError(
        f"column {name!r} looks like free text (mostly distinct values of several words): a GAN cannot learn it, "
        f"and as categories every synthetic value would be a real one. Drop it (X.drop(columns=[{name!r}]), or "
        f"--drop {name} on the command line), or say how to treat it: column_roles={{{name!r}: 'discrete'}} "
        f"(--role {name}=discrete) to learn its values as categories, or 'identifier' to generate fresh values "
        f"in its format."
    )


def _string_role(name, observed: pd.Series, n_distinct: int) -> str:
    pattern = value_pattern(observed)
    if pattern in STRONG_PATTERNS:
        return IDENTIFIER
    if n_distinct < MIN_DISTINCT_KEYS:
        return DISCRETE
    distinct_share = n_distinct / len(observed)
    multiword_share = observed.str.strip().str.contains(r"\s", regex=True).mean()
    # A name says more of short codes than of phrases: "name" holds car names in ISLP's Auto table.
    named = has_identifying_name(name) and multiword_share < TEXT_MULTIWORD_SHARE
    if (pattern is not None or named) and distinct_share >= QUASI_IDENTIFIER_DISTINCT_SHARE:
        return IDENTIFIER
    if multiword_share >= TEXT_MULTIWORD_SHARE:
        return TEXT if distinct_share >= TEXT_DISTINCT_SHARE else DISCRETE
    return IDENTIFIER if distinct_share >= IDENTIFIER_DISTINCT_SHARE else DISCRETE


def _is_integer_key(name, observed: pd.Series, n_distinct: int) -> bool:
    if n_distinct < MIN_DISTINCT_KEYS:
        return False
    key_named = isinstance(name, str) and bool(_KEY_WORD.search(name) or _KEY_CAMEL.search(name))
    if key_named:  # a customer number repeats on each of her orders
        return n_distinct / len(observed) >= QUASI_IDENTIFIER_DISTINCT_SHARE
    if n_distinct != len(observed):
        return False
    low, high = int(observed.min()), int(observed.max())
    return low in (0, 1) and high - low + 1 <= _INDEX_SPAN * len(observed)
