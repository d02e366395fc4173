"""How many synthetic rows each class gets in ``fit_resample``.

``sampling_strategy`` follows imbalanced-learn's over-samplers; ``extra_samples`` adds rows on top,
which is what a balanced table needs (there, every strategy adds nothing).
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

from .._validation import check_in_memory_count

_STRATEGY_NAMES = ("auto", "not majority", "minority", "not minority", "all")


def synthetic_counts(classes: np.ndarray, counts: np.ndarray, sampling_strategy, extra_samples) -> np.ndarray:
    """Synthetic rows per class (aligned with ``classes``): balancing first, then the extra rows."""
    if callable(sampling_strategy):
        to_add = _from_targets(classes, counts, sampling_strategy(np.repeat(classes, counts)), "callable result")
    elif isinstance(sampling_strategy, str):
        to_add = _from_name(counts, sampling_strategy)
    elif isinstance(sampling_strategy, dict):
        to_add = _from_targets(classes, counts, sampling_strategy, "sampling_strategy")
    else:
        to_add = _from_ratio(counts, sampling_strategy)
    per_class = to_add + _spread_extra(counts + to_add, extra_samples, int(counts.sum()))
    for label, n_rows in zip(classes.tolist(), per_class.tolist()):
        check_in_memory_count(n_rows, f"The synthetic row count for class {label!r}")
    check_in_memory_count(int(per_class.sum()), "The synthetic row count (all classes)")
    return per_class


def _from_name(counts: np.ndarray, name: str) -> np.ndarray:
    if name not in _STRATEGY_NAMES:
        raise ValueError(
            f"sampling_strategy must be one of {list(_STRATEGY_NAMES)}, a float, a dict or a callable; "
            f"got {name!r}."
        )
    majority = counts.max()
    selected = np.ones(len(counts), dtype=bool)
    if name in ("auto", "not majority"):
        selected[np.argmax(counts)] = False
    elif name == "minority":
        selected[:] = False
        selected[np.argmin(counts)] = True
    elif name == "not minority":
        selected[np.argmin(counts)] = False
    return np.where(selected, majority - counts, 0)


def _from_targets(classes: np.ndarray, counts: np.ndarray, targets: dict, source: str) -> np.ndarray:
    known = {label: position for position, label in enumerate(classes.tolist())}
    to_add = np.zeros(len(classes), dtype=int)
    for label, target in targets.items():
        if label not in known:
            raise ValueError(f"{source} names class {label!r}, which is not in y (classes: {classes.tolist()}).")
        current = counts[known[label]]
        if not isinstance(target, Integral) or target < current:
            raise ValueError(
                f"{source} asks for {target!r} rows of class {label!r}, but over-sampling needs a whole number "
                f"at least as large as its {current} real rows."
            )
        to_add[known[label]] = target - current
    return to_add


def _from_ratio(counts: np.ndarray, ratio) -> np.ndarray:
    if not isinstance(ratio, Real) or isinstance(ratio, bool) or not 0 < ratio <= 1:
        raise ValueError(f"A float sampling_strategy must be in (0, 1], got {ratio!r}.")
    if len(counts) != 2:
        raise ValueError(f"A float sampling_strategy only applies to two classes; y has {len(counts)}.")
    minority = np.argmin(counts)
    wanted = int(np.ceil(ratio * counts.max())) - counts[minority]
    if wanted < 0:
        raise ValueError(
            f"sampling_strategy={ratio} asks for fewer minority rows than y already has "
            f"({counts[minority]} of {counts.max()}); choose a larger ratio."
        )
    to_add = np.zeros(len(counts), dtype=int)
    to_add[minority] = wanted
    return to_add


def _spread_extra(weights: np.ndarray, extra_samples, n_rows: int) -> np.ndarray:
    """Split the extra rows over classes in proportion to ``weights`` (largest remainders)."""
    if isinstance(extra_samples, (float, np.floating)):
        total = int(round(extra_samples * n_rows))
    else:
        total = int(extra_samples)
    shares = total * weights / weights.sum()
    extra = np.floor(shares).astype(int)
    leftover = total - extra.sum()
    extra[np.argsort(extra - shares, kind="stable")[:leftover]] += 1
    return extra
