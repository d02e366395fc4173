"""Checks of the arrays a saved encoder state holds, so that a damaged model file fails when it is read.

A model file whose arrays were cut or edited still loads as tensors; without these checks it would
fail later, inside sampling, with an index error and a traceback.
"""

from __future__ import annotations

import numpy as np


def checked_array(arrays: dict, key: str, *, length: int | None = None, non_decreasing: bool = False,
                  minimum: float | None = None) -> np.ndarray:
    """``arrays[key]`` as a finite 1-D float64 array of ``length`` values (at least one), or a ValueError naming it."""
    if key not in arrays:
        raise ValueError(f"encoder array {key!r} is missing")
    values = np.asarray(arrays[key], dtype=np.float64)
    if values.ndim != 1 or len(values) == 0 or (length is not None and len(values) != length):
        expected = f"{length} values" if length is not None else "one or more values"
        raise ValueError(f"encoder array {key!r} has shape {values.shape}; expected {expected}")
    if not np.isfinite(values).all():
        raise ValueError(f"encoder array {key!r} holds values that are not finite")
    if non_decreasing and np.any(np.diff(values) < 0):
        raise ValueError(f"encoder array {key!r} must not decrease")
    if minimum is not None and np.any(values < minimum):
        raise ValueError(f"encoder array {key!r} holds values below {minimum}")
    return values
