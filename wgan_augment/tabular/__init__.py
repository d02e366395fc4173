"""Reversible encoding of mixed-type tables as float32 matrices for GAN training.

``TableEncoder`` turns a DataFrame into a matrix whose columns are grouped in ``Span``\\ s,
each with the activation a generator must apply, and turns generator output back into a
DataFrame with the training columns and dtypes. The JSON helpers for dtypes and cell values
that its ``to_state`` uses are public for other savers that need the same round trip.
"""

from ._discrete import MIN_CATEGORY_COUNT, RARE_MARKER, rare_value_count
from ._dtypes import dtype_from_json, dtype_to_json
from ._encoder import TableEncoder
from ._identifier import identifier_format
from ._json_values import from_json_value, to_json_value
from ._mixed import dot_numbers, numbers_as_text_like, read_mixed
from ._roles import CHOSEN_ROLES, CONSTANT, DISCRETE, IDENTIFIER, MAX_DISCRETE_INT_VALUES, ROLES, TEXT, detect_role
from ._span import Span
from ._values import replace_columns

__all__ = [
    "CHOSEN_ROLES",
    "CONSTANT",
    "DISCRETE",
    "IDENTIFIER",
    "MAX_DISCRETE_INT_VALUES",
    "MIN_CATEGORY_COUNT",
    "RARE_MARKER",
    "ROLES",
    "Span",
    "TEXT",
    "TableEncoder",
    "detect_role",
    "dot_numbers",
    "dtype_from_json",
    "dtype_to_json",
    "from_json_value",
    "identifier_format",
    "numbers_as_text_like",
    "rare_value_count",
    "read_mixed",
    "replace_columns",
    "to_json_value",
]
