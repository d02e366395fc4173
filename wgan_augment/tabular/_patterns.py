"""Value patterns and column names that mark a column as identifying people, whether or not its values repeat.

An orders table repeats a customer's e-mail, IBAN and name on every order, so "nearly all values distinct"
misses them; learned as categories, every synthetic value would be a real person's. An e-mail or IBAN
pattern identifies on its own. A phone number or a "First Last" string could be something else (a
product code, a city), so they count only with a name that says so or with many distinct values.
"""

from __future__ import annotations

import re

import pandas as pd

EMAIL = "e-mail"
IBAN = "IBAN"
PHONE = "phone number"
PERSON_NAME = "person name"

# Share of a column's distinct values that must match a pattern: a few typos or placeholders
# ("n/a", "unknown") do not hide an e-mail column.
PATTERN_SHARE = 0.9

_PATTERNS = {
    EMAIL: r"[\w.+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    # ISO 13616: country, two check digits, 11 to 30 letters and digits, often printed in groups of four.
    IBAN: r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}",
    # At least seven digits, in groups with the usual separators, optionally a leading + or (area code).
    PHONE: r"\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{1,4}\)?){2,5}",
    # Two or three capitalised words of letters in any script: "Ada Lovelace", "Mary-Ann O'Neil", "Jörg
    # Müller" (an ASCII-only pattern missed every tenth name of a German customer table). ``re`` has no
    # class for capitals, so a word may not start with an ASCII lower-case letter, and all-capital values
    # (codes such as "AB CD") are left out in ``value_pattern``.
    PERSON_NAME: r"(?![a-z])[^\W\d_](?:[^\W\d_]|['’.-])*(?: (?![a-z])[^\W\d_](?:[^\W\d_]|['’.-])*){1,2}",
}
# Patterns that identify a person with no other sign.
STRONG_PATTERNS = (EMAIL, IBAN)
_MIN_PHONE_DIGITS = 7

# Words of a column name that say its values belong to a person or a row: "customer_id", "email",
# "CustomerName", "phone", "iban". "customer_segment" matches too, so a name alone is never enough.
_IDENTIFYING_NAME = re.compile(
    r"(^|[_\s.-])id$|e-?mail|iban|phone|mobile|customer|client|patient|person|surname|user_?name|"
    r"^names?$|(first|last|full|given|family|sur|nick)[_\s.-]?names?$",
    re.I,
)
_IDENTIFYING_CAMEL = re.compile(r"[a-z](Id|ID)$")


def value_pattern(observed: pd.Series) -> str | None:
    """The identifying pattern most of the column's distinct values match (``EMAIL``, ...), or None."""
    distinct = pd.Series(observed.unique()).astype(str).str.strip()
    for pattern, regex in _PATTERNS.items():
        matches = distinct.str.fullmatch(regex)
        if pattern == PHONE:
            matches &= distinct.str.count(r"\d") >= _MIN_PHONE_DIGITS
        elif pattern == PERSON_NAME:
            matches &= ~distinct.str.isupper()
        if matches.mean() >= PATTERN_SHARE:
            return pattern
    return None


def has_identifying_name(name) -> bool:
    """Whether the column's name says it holds people's or rows' identities (``customer_id``, ``email``)."""
    return isinstance(name, str) and bool(_IDENTIFYING_NAME.search(name) or _IDENTIFYING_CAMEL.search(name))
