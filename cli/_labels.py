"""The label column on the command line: ``--condition COLUMN=VALUE`` and putting labels back in a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional

from ._errors import usage_error

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


def parse_condition(condition: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``"label=yes"`` -> ``("label", "yes")``; None -> ``(None, None)``."""
    if condition is None:
        return None, None
    column, separator, value = condition.partition("=")
    if not separator or not column.strip():
        raise usage_error(f"--condition {condition!r}: write it as COLUMN=VALUE, e.g. --condition label=yes")
    return column.strip(), value


def find_label(value: str, labels: Iterable[Any], column: str) -> Any:
    """The label whose text is ``value``: the command line only has text, labels may be numbers or bools."""
    known = list(labels)
    for label in known:
        if str(label) == value:
            return label
    shown = ", ".join(map(str, known[:20])) + (", ..." if len(known) > 20 else "")
    raise usage_error(f"--condition {column}={value}: no class {value!r} in column {column!r} (classes: {shown})")


def with_labels(features: "pd.DataFrame", labels: "np.ndarray", target: str, columns: Optional[list]) -> "pd.DataFrame":
    """Put the label column back where it was in the training table (last when that is unknown)."""
    frame = features.copy()
    position = columns.index(target) if columns and target in columns else len(frame.columns)
    frame.insert(position, target, labels)
    return frame
