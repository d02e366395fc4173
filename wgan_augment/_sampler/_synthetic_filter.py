"""The filter behind ``filter_synthetic``: keep the synthetic rows an acceptor passes, redraw the rest.

Rejected rows are replaced by new draws of the same group (the class, for a classifier), and the kept
rows are put back in the order of the plan, so that every prefix still means what the plan meant.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils import _safe_indexing

from ._rows import concat_rows

# Filtering draws this many candidates per wanted row, for at most this many rounds; classes whose
# rows keep being rejected end up with fewer synthetic rows rather than an unbounded loop.
_FILTER_OVERSAMPLING = 2
_FILTER_ROUNDS = 3


def draw_filtered(sample, plan, accept):
    """Rows that pass ``accept``, in the order of ``plan`` so that prefixes keep their meaning.

    ``plan`` holds one group per wanted row; ``sample(request)`` draws one row per entry of
    ``request`` (a plan of its own) and returns ``(X, y)``; ``accept(X, y)`` says which rows to keep.
    Returns the kept rows, their targets and the share of drawn rows that were kept; a group whose
    rows keep being rejected gets fewer rows than the plan asked for.
    """
    groups, wanted = np.unique(plan, return_counts=True)
    pool_X, pool_y, pool_groups, n_drawn = _draw_until_filled(sample, accept, groups, wanted)
    source = _in_plan_order(plan, groups, pool_groups)
    return _safe_indexing(pool_X, source), pool_y[source], len(pool_y) / n_drawn


def _draw_until_filled(sample, accept, groups, wanted):
    """The accepted rows, their targets and groups, and how many rows were drawn to get them."""
    kept_X, kept_y, kept_groups = [], [], []
    missing, n_drawn = wanted, 0
    for _ in range(_FILTER_ROUNDS):
        request = np.repeat(groups, _FILTER_OVERSAMPLING * missing)
        X_new, y_new = sample(request)
        keep = np.flatnonzero(accept(X_new, y_new))
        kept_X.append(_safe_indexing(X_new, keep))
        kept_y.append(y_new[keep])
        kept_groups.append(request[keep])
        n_drawn += len(request)
        missing = np.maximum(wanted - _counts_of(groups, np.concatenate(kept_groups)), 0)
        if not missing.any():
            break
    return concat_rows(kept_X), np.concatenate(kept_y), np.concatenate(kept_groups), n_drawn


def _in_plan_order(plan, groups, pool_groups):
    """Indices into the pool filling the slots of ``plan`` group by group; unfilled slots are dropped."""
    source = np.full(len(plan), -1)
    for group in groups:
        slots, rows = np.flatnonzero(plan == group), np.flatnonzero(pool_groups == group)
        n_filled = min(len(slots), len(rows))
        source[slots[:n_filled]] = rows[:n_filled]
    return source[source >= 0]


def _counts_of(groups, values):
    return np.array([np.count_nonzero(values == group) for group in groups])
