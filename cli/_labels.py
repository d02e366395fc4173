"""The label column on the command line: ``--condition COLUMN=VALUE``, resolved to a class in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._errors import usage_error

if TYPE_CHECKING:
    from wgan_augment.conditioning import Conditioning


def parse_condition(condition: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``"label=yes"`` -> ``("label", "yes")``; None -> ``(None, None)``."""
    if condition is None:
        return None, None
    column, separator, value = condition.partition("=")
    if not separator or not column.strip():
        raise usage_error(f"--condition {condition!r}: write it as COLUMN=VALUE, e.g. --condition label=yes")
    return column.strip(), value


def resolve_condition(
    condition: Optional[str], conditioning: Optional["Conditioning"], *, target: str, no_classes: str
) -> Any:
    """The class that ``--condition COLUMN=VALUE`` names, or None without ``--condition``.

    ``conditioning`` holds the classes to choose from (None when there are none, which ``no_classes``
    explains); ``target`` is the label column the condition must name. The command line has only text,
    so the class is found by its text: labels may be numbers or bools.
    """
    column, value = parse_condition(condition)
    if column is None:
        return None
    if conditioning is None:
        raise usage_error(f"--condition: {no_classes}")
    if column != target:
        raise usage_error(
            f"--condition {column}=...: the label column is {target!r} (write --condition {target}=VALUE)"
        )
    try:
        return conditioning.label_named(value)
    except LookupError as error:
        raise usage_error(f"--condition {column}={value}: column {target!r} has {error}") from None
