"""Identifier columns: not learned, but generated fresh in the training values' format.

Strings are read as a template of character classes, position by position, over the most common
length (``"C-00042"`` -> ``C``, ``-``, then five digit positions). Generated values draw each free
position from its class, except a few *reserved* positions, which always take a combination of
characters that no training value of that length has there: every generated value therefore
differs from every training value, and the model stores only the template and that combination,
never a training value. Integer keys continue past the largest training key.

E-mails and person names are generated from a fixed, format-only template instead (``qhzkwbma@example.com``,
``Xbqtwm Ploqzrvk``): their lengths vary too much for one length's template to fit most of them, and
the letters a few values share would be kept verbatim. For the other formats a letter or digit shared by
every value of the template's length stays fixed only when at least ``MIN_SHARING_VALUES`` values share
it, so a template read off one or two values does not spell them out.

Within one table (or one file from ``write_samples``) the values are numbered consecutively from a
random start, written into the last free positions, so no two rows share one.
"""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd

from ._dtypes import dtype_from_json, dtype_to_json
from ._patterns import EMAIL, PERSON_NAME, value_pattern
from ._values import objects_to_series

# Character classes, smallest first: a position takes the first class that holds every character
# training put there (so "0-9" positions stay digits and "a-f0-9" positions stay hex).
_CLASSES = (
    string.digits,
    string.digits + "abcdef",
    string.digits + "ABCDEF",
    string.ascii_lowercase,
    string.ascii_uppercase,
    string.ascii_letters,
    string.digits + string.ascii_lowercase,
    string.digits + string.ascii_uppercase,
    string.digits + string.ascii_letters,
)
# How far past the largest training key new integer keys are drawn, in multiples of the training rows.
_KEY_SPACE_PER_ROW = 10
_MIN_KEY_SPACE = 1_000_000
# Most values a string identifier numbers (the rest of its free positions are random): int64 arithmetic.
_MAX_COUNT = 2**62
# A fixed letter or digit of a template must be shared by at least this many training values, the
# least count at which a category value is kept (``_discrete.MIN_CATEGORY_COUNT``).
MIN_SHARING_VALUES = 5
# Format-only templates: each position's characters. example.com is reserved for examples (RFC 2606),
# so a generated address reaches no one.
_FORMAT_TEMPLATES = {
    EMAIL: [string.ascii_lowercase] * 8 + list("@example.com"),
    PERSON_NAME: [string.ascii_uppercase] + [string.ascii_lowercase] * 5 + [" ", string.ascii_uppercase]
    + [string.ascii_lowercase] * 7,
}


class IdentifierColumn:
    """Generate new, unique values in an identifier column's format; no span in the encoded matrix.

    Parameters
    ----------
    dtype : numpy dtype or pandas extension dtype
        The training dtype, restored on decode.
    positions : list of str
        String keys: per position of the template, the characters it may hold (one character for a
        fixed position). Empty for integer keys.
    reserved : dict of int to str
        String keys: positions whose characters are fixed to a combination no training value has.
    first_key : int
        Integer keys: new keys lie in ``[first_key, first_key + key_space)``, past every training key.
    key_space : int
        Integer keys: how many new keys there are (ten per training row, at least a million, as the
        dtype allows).
    missing_rate : float
        Share of training cells that were missing; generated cells are missing at that rate.
    """

    kind = "identifier"
    layout: list[tuple[int, str]] = []

    def __init__(self, dtype, positions, reserved, first_key, key_space, missing_rate):
        self.dtype = dtype
        self.positions = list(positions)
        self.reserved = {int(position): character for position, character in dict(reserved).items()}
        self.first_key = int(first_key)
        self.key_space = int(key_space)
        self.missing_rate = float(missing_rate)

    @classmethod
    def fit(cls, series: pd.Series):
        """Read the column's format; raise if no fresh value can be made in it."""
        observed = series.dropna()
        missing_rate = 1 - len(observed) / len(series)
        if pd.api.types.is_integer_dtype(series.dtype):
            first_key = int(observed.max()) + 1
            room = int(np.iinfo(series.dtype.numpy_dtype if hasattr(series.dtype, "numpy_dtype") else series.dtype).max)
            key_space = min(max(_KEY_SPACE_PER_ROW * len(series), _MIN_KEY_SPACE), room - first_key + 1)
            if key_space < 1:
                raise ValueError(f"column {series.name!r}: its largest key is the largest its dtype holds, so no "
                                 "new key can follow it")
            return cls(series.dtype, [], {}, first_key, key_space, missing_rate)
        values = observed.astype(str).to_numpy(dtype=str)
        positions = _FORMAT_TEMPLATES.get(value_pattern(observed))
        if positions is None:
            template_values = _most_common_length(values)
            positions = _position_classes(template_values)
        else:
            template_values = _fitting(values, positions)
        reserved = _unused_combination(template_values, positions, series.name)
        return cls(series.dtype, positions, reserved, 0, 0, missing_rate)

    def encode(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """An empty ``(n, 0)`` block: identifiers are not learned."""
        return np.zeros((len(series), 0))

    @property
    def capacity(self) -> int:
        """How many distinct values this column can number: at most this many rows per table or file."""
        if not self.positions:
            return self.key_space
        return int(np.prod([len(self.positions[position]) for position in self._counted()], dtype=object))

    def decode(self, block: np.ndarray, rng: np.random.Generator, first: int | None = None) -> pd.Series:
        """``len(block)`` new values, distinct from each other and from every training value.

        The values are numbered consecutively (modulo ``capacity``) from ``first``, or from a random
        start when it is None, so they are distinct by construction; consecutive calls continue one
        numbering when each ``first`` is the last one plus the rows it made.
        """
        n_rows = len(block)
        first = int(rng.integers(self.capacity)) if first is None else first % self.capacity
        if n_rows > self.capacity:
            raise ValueError(f"an identifier column's format ({self.describe()}) has room for {self.capacity:,} new "
                             f"values; asked for {n_rows:,} rows")
        numbers = (first + np.arange(n_rows, dtype=np.int64)) % self.capacity
        values = (self.first_key + numbers if not self.positions else self._strings(numbers, rng)).astype(object)
        values[rng.random(n_rows) < self.missing_rate] = None
        return objects_to_series(values, self.dtype)

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """JSON metadata for saving without pickle: the format, not the values."""
        meta = {"kind": self.kind, "dtype": dtype_to_json(self.dtype), "positions": self.positions,
                "reserved": {str(position): character for position, character in self.reserved.items()},
                "first_key": self.first_key, "key_space": self.key_space, "missing_rate": self.missing_rate}
        return meta, {}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]):
        """Rebuild from :meth:`to_state`, checking that the format can make a value."""
        column = cls(dtype_from_json(meta["dtype"]), meta["positions"], meta["reserved"], meta["first_key"],
                     meta["key_space"], meta["missing_rate"])
        positions_ok = all(isinstance(chars, str) and chars for chars in column.positions)
        reserved_ok = all(0 <= position < len(column.positions) and len(char) == 1
                          for position, char in column.reserved.items())
        if not (positions_ok and reserved_ok and 0 <= column.missing_rate <= 1 and column.capacity >= 1):
            raise ValueError("an identifier column's format is malformed")
        return column

    def describe(self) -> str:
        """The format in a few characters (see ``identifier_format``)."""
        return identifier_format(self.to_state()[0])

    def _free(self) -> list[int]:
        return [position for position, chars in enumerate(self.positions)
                if len(chars) > 1 and position not in self.reserved]

    def _counted(self) -> list[int]:
        """The last free positions whose characters write a value's number: as many as an int64 can count."""
        counted, room = [], 1
        for position in reversed(self._free()):
            if room * len(self.positions[position]) > _MAX_COUNT:
                break
            room *= len(self.positions[position])
            counted.insert(0, position)
        return counted

    def _strings(self, numbers: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values for row numbers: the number in the counted positions, random characters in free ones before them."""
        counted = self._counted()
        codes = np.empty((len(numbers), len(self.positions)), dtype=np.uint32)
        remaining = numbers.copy()
        for position in reversed(counted):
            alphabet = _code_points(self.positions[position])
            remaining, digit = np.divmod(remaining, len(alphabet))
            codes[:, position] = alphabet[digit]
        for position, chars in enumerate(self.positions):
            if position in self.reserved or len(chars) == 1:
                codes[:, position] = ord(self.reserved.get(position, chars))
            elif position not in counted:
                alphabet = _code_points(chars)
                codes[:, position] = alphabet[rng.integers(len(alphabet), size=len(numbers))]
        return codes.view(f"<U{len(self.positions)}")[:, 0]


def _code_points(chars: str) -> np.ndarray:
    return np.array([ord(char) for char in chars], dtype=np.uint32)


def identifier_format(meta: dict) -> str:
    """An identifier column's format from its saved state, for people: ``C-#####`` (``#`` a digit, ``?`` a
    character of another class), or the range integer keys are drawn from."""
    if not meta["positions"]:
        return f"integer keys from {meta['first_key']:,}"
    return "".join(chars if len(chars) == 1 else "#" if chars == string.digits else "?" for chars in meta["positions"])


def _most_common_length(values: np.ndarray) -> np.ndarray:
    lengths = np.char.str_len(values)
    counts = np.bincount(lengths)
    return values[lengths == np.argmax(counts)]


def _fitting(values: np.ndarray, positions: list[str]) -> np.ndarray:
    """The values a template could generate: only they can collide with a generated one."""
    pattern = "".join(re.escape(chars) if len(chars) == 1 else f"[{re.escape(chars)}]" for chars in positions)
    return values[pd.Series(values, dtype=object).str.fullmatch(pattern).to_numpy(dtype=bool)]


def _position_classes(values: np.ndarray) -> list[str]:
    """Per position, the one character every value has there, or the smallest class holding all of them.

    A shared letter or digit is fixed only when ``MIN_SHARING_VALUES`` values share it; otherwise it
    takes its class, so that the template never spells out a value few rows hold.
    """
    width = len(values[0])
    codes = values.astype(f"<U{width}").view(np.uint32).reshape(len(values), width)
    few_values = len(np.unique(values)) < MIN_SHARING_VALUES
    positions = []
    for column in codes.T:
        seen = {chr(code) for code in np.unique(column)}
        only = next(iter(seen))
        if len(seen) == 1 and not (few_values and only.isalnum()):
            positions.append(only)
            continue
        chosen = next((chars for chars in _CLASSES if seen <= set(chars)), None)
        positions.append(chosen if chosen is not None else "".join(sorted(seen)))
    return _widen_padding(positions)


def _widen_padding(positions: list[str]) -> list[str]:
    """Fixed digits inside a run of digit positions that vary (the zeros of "C-00042") become digits too.

    Otherwise 1,000 keys "C-00000" to "C-00999" would leave no free value in a format of three digits.
    """
    widened = list(positions)
    start = 0
    while start < len(positions):
        stop = start
        while stop < len(positions) and set(positions[stop]) <= set(string.digits):
            stop += 1
        if any(len(positions[position]) > 1 for position in range(start, stop)):
            widened[start:stop] = [string.digits] * (stop - start)
        start = stop + 1
    return widened


def _unused_combination(values: np.ndarray, positions: list[str], name) -> dict[int, str]:
    """Characters for the first free positions that no training value has there together.

    The first one, two, ... free positions are tried until some combination of their characters is
    unused, so as few positions as possible are fixed; the lowest unused combination (in each
    position's class order) is taken, so the choice depends on the values only.
    """
    free = [position for position, chars in enumerate(positions) if len(chars) > 1]
    width = len(positions)
    codes = values.astype(f"<U{width}").view(np.uint32).reshape(len(values), width)
    combined = np.zeros(len(values), dtype=np.int64)
    space = 1
    for taken, position in enumerate(free, start=1):
        alphabet = positions[position]
        indices = _indices_in(alphabet, codes[:, position])
        combined = combined * len(alphabet) + indices
        space *= len(alphabet)
        used = np.unique(combined)
        if len(used) < space:
            return _combination(_lowest_missing(used), [positions[p] for p in free[:taken]], free[:taken])
    raise ValueError(f"column {name!r}: every value of its identifier format is taken in training, so no "
                     f"new one can be made; set column_roles={{{name!r}: 'discrete'}} or drop the column")


def _indices_in(alphabet: str, codes: np.ndarray) -> np.ndarray:
    """Each code point's position in ``alphabet`` (every code is in it)."""
    alphabet_codes = np.array([ord(char) for char in alphabet], dtype=np.uint32)
    order = np.argsort(alphabet_codes)
    return order[np.searchsorted(alphabet_codes, codes, sorter=order)].astype(np.int64)


def _lowest_missing(used: np.ndarray) -> int:
    """The smallest non-negative integer not in the sorted array of distinct integers ``used``."""
    gaps = np.flatnonzero(used != np.arange(len(used)))
    return int(gaps[0]) if len(gaps) else len(used)


def _combination(index: int, alphabets: list[str], positions: list[int]) -> dict[int, str]:
    reserved = {}
    for position, alphabet in zip(reversed(positions), reversed(alphabets)):
        index, digit = divmod(index, len(alphabet))
        reserved[position] = alphabet[digit]
    return reserved
