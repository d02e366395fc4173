"""Which labels the synthetic rows of a classifier get: balancing the classes comes first.

Each synthetic row goes to the class with the fewest rows so far, so the first rows balance the
classes and the rest grow every class evenly. Every prefix of that order is itself balanced-first,
which is what lets the amount search draw once, for its largest amount, and reuse the head of that
draw for the smaller ones.
"""

from __future__ import annotations

import numpy as np

from ..conditioning import Conditioning

# The conditional GAN needs two rows of a class to learn it; rarer classes get no synthetic rows.
_MIN_ROWS_PER_CLASS = 2


def augmentable_classes(y):
    """The classes of ``y`` with enough rows to be learned, and their row counts."""
    conditioning, _ = Conditioning.from_labels(y)
    learnable = conditioning.counts >= _MIN_ROWS_PER_CLASS
    return conditioning.classes[learnable], conditioning.counts[learnable]


def balanced_first_plan(y, n_rows):
    """Labels of ``n_rows`` synthetic rows, each given to the class with fewest rows so far.

    Empty (of the dtype of ``y``) when ``n_rows`` is zero or no class can be learned.
    """
    classes, counts = augmentable_classes(y)
    if n_rows == 0 or len(classes) == 0:
        return y[:0]
    # The j-th synthetic row of a class lifts it to counts + j + 1 rows; issuing rows in order of
    # that level (ties by class) fills the smallest classes first, and every prefix does the same.
    levels = counts[:, None] + np.arange(n_rows)[None, :]
    class_index = np.broadcast_to(np.arange(len(classes))[:, None], levels.shape).ravel()
    order = np.lexsort((class_index, levels.ravel()))[:n_rows]
    return classes[class_index[order]]


def balancing_ratios(y):
    """The amount that balances the learnable classes, as a multiple of ``len(y)``, in a 1-d array.

    Empty when fewer than two classes can be learned or they are already balanced.
    """
    _, counts = augmentable_classes(y)
    if len(counts) < 2 or counts.min() == counts.max():
        return np.empty(0)
    return np.array([(counts.max() * len(counts) - counts.sum()) / len(y)])


def rank_within_groups(groups):
    """For each entry, how many earlier entries share its group: 0 for a group's first, 1 for its second..."""
    order = np.argsort(groups, kind="stable")  # entries grouped, in their order within each group
    rank = np.empty(len(groups), dtype=np.intp)
    rank[order] = np.arange(len(groups)) - np.searchsorted(groups[order], groups[order])
    return rank


def sources_for_plan(y, plan, seed):
    """For each entry of ``plan`` (a class), the index of a training row or image of that class to vary.

    Each class's rows are taken in a shuffled order (seeded) and cycled, so that a plan asking for
    ``k`` rows of a class of ``n`` rows varies every row ``k // n`` or ``k // n + 1`` times.
    """
    rng = np.random.default_rng(seed)
    sources = np.empty(len(plan), dtype=np.intp)
    for label in np.unique(plan):
        slots = np.flatnonzero(plan == label)
        rows = rng.permutation(np.flatnonzero(y == label))
        sources[slots] = rows[np.arange(len(slots)) % len(rows)]
    return sources
